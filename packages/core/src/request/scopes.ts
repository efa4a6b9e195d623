/**
 * @module request/scopes
 * Scope checks. A key's scopes are fixed when Kinde creates it; the application states which it needs.
 */
import type { VerifiedApiKey } from "../types.ts";

/** How several required scopes combine. */
export type ScopeMode = "all" | "any";

/** Options of {@link checkScopes}. */
export interface CheckScopesOptions {
  /**
   * `all`: the key needs every required scope. `any`: one is enough.
   * @default "all"
   */
  mode?: ScopeMode;
}

/** The outcome of {@link checkScopes}; `missing` lists required scopes the key lacks. */
export type ScopeCheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly missing: readonly string[] };

const OK: ScopeCheckResult = { ok: true };

/**
 * Checks that a verified key holds the required scopes. Comparison is exact and case-sensitive,
 * as Kinde's scope names are. An empty requirement always passes.
 *
 * @example
 * ```ts
 * checkScopes(key, ["read:ai_chats", "write:ai_chat"], { mode: "any" });
 * ```
 */
export function checkScopes<Scope extends string = string>(
  key: Pick<VerifiedApiKey, "scopes">,
  required: readonly Scope[],
  options: CheckScopesOptions = {},
): ScopeCheckResult {
  if (required.length === 0) return OK;
  const granted = key.scopes;
  const missing = required.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) return OK;
  if (options.mode === "any" && missing.length < required.length) return OK;
  return { ok: false, missing };
}
