/**
 * @module adapter/key
 * The logic behind every adapter's `requireKindeApiKey(x)`: the key a middleware verified, or a
 * clear error for a handler that runs without one.
 */
import type { VerifiedApiKey } from "../types.ts";

/**
 * Returns `key`, or throws when no key was verified for the request: the route lacks
 * `kindeApiKey()`, or it allows requests without a key (`required: false`).
 *
 * @param where - Where the adapter keeps the key, for the message, e.g. `"req.kindeApiKey"`.
 * @throws {Error} when `key` is `undefined`
 */
export function requireVerifiedKey(key: VerifiedApiKey | undefined, where: string): VerifiedApiKey {
  if (key) return key;
  throw new Error(
    `No verified API key on this request (${where} is empty): put kindeApiKey() before this handler, and check for the key on routes with required: false`,
  );
}
