/**
 * @module request/optional-key
 * Routes with `required: false`: a request without credentials passes with no key. Any rule about
 * the key would then be skipped for exactly the requests it should stop, so such a route may not
 * have one.
 */
import type { AuthorizeSuccess } from "./authorize-types.ts";

/** A request without credentials on a route where the key is optional. */
export const ANONYMOUS: AuthorizeSuccess<undefined> = Object.freeze({
  ok: true,
  key: undefined,
  headers: Object.freeze({}),
});

/** Route options an anonymous request would pass unchecked, so `required: false` refuses them. */
const NEED_A_KEY = ["scopes", "orgCode", "owner", "apiId"] as const;

/**
 * `required: false` lets a request without credentials through, so a rule about the key (scopes,
 * organization, owner, API) would be skipped for exactly the requests it should stop. The adapter
 * kit calls it too, where the pipeline itself is compiled only on the first request.
 *
 * @throws {TypeError} when such a rule is set
 */
export function checkOptionalKey(
  options: Partial<Record<(typeof NEED_A_KEY)[number], unknown>>,
): void {
  for (const name of NEED_A_KEY) {
    const value = options[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new TypeError(
      `\`required: false\` cannot be combined with \`${name}\`: a request without an API key would pass it unchecked. Use requireScopes or a separate route for the key's rules`,
    );
  }
}
