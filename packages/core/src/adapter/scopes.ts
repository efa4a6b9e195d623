/**
 * @module adapter/scopes
 * The logic behind every adapter's `requireScopes(...)`: a route-level scope check on the key an
 * earlier `kindeApiKey` verified, answering exactly as the pipeline's own scope check does.
 */
import { deny, reshape } from "../request/answers.ts";
import type { AuthorizeResult } from "../request/authorize.ts";
import { checkScopes, type ScopeMode } from "../request/scopes.ts";
import type { VerifiedApiKey } from "../types.ts";

/** Options of {@link createScopeCheck}. */
export interface ScopeCheckOptions {
  /**
   * `all`: every scope is required; `any`: one is enough.
   * @default "all"
   */
  mode?: ScopeMode;
  /**
   * Realm of the `WWW-Authenticate` challenge.
   * @default "api"
   */
  realm?: string;
}

/**
 * Compiles a route's scope requirement once. The check passes the key on, or refuses: 401
 * `MISSING_KEY` when no key was verified (the route is missing `kindeApiKey`, or it did not run),
 * 403 `INSUFFICIENT_SCOPE` when a scope is missing.
 *
 * @example
 * ```ts
 * export function requireScopes<Scope extends string>(...scopes: Scope[]): RequestHandler {
 *   const check = createScopeCheck(scopes);
 *   return (req, res, next) => { … check(req.kindeApiKey) … };
 * }
 * ```
 */
export function createScopeCheck(
  required: readonly string[],
  options: ScopeCheckOptions = {},
): (key: VerifiedApiKey | undefined) => AuthorizeResult {
  const realm = options.realm ?? "api";
  const mode = options.mode ?? "all";
  const scopes = [...required];
  const noHeaders: Readonly<Record<string, string>> = Object.freeze({});
  return (key) => {
    // `reshape` without a hook only checks the refusal can be sent (a scope name may not be).
    if (!key) return reshape(undefined, deny("MISSING_KEY", { realm }), undefined);
    const check = checkScopes(key, scopes, { mode });
    if (check.ok) return { ok: true, key, headers: noHeaders };
    const denial = deny("INSUFFICIENT_SCOPE", {
      realm,
      requiredScopes: scopes,
      missingScopes: check.missing,
    });
    return reshape(undefined, denial, undefined);
  };
}
