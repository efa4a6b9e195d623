/**
 * @module doctor
 * `checkKindeSetup(kinde)`: is this client's Kinde setup right? It asks Kinde the way the client
 * would (domain, M2M token, verify, and the management scopes when asked) and says, per check, what
 * it found and what to change. A function of the client rather than a `kinde.check()` method, so an
 * app that only verifies keys bundles none of it; exported from `@acme/kinde-keys-core/management`
 * because it talks to the same endpoints.
 *
 * It reads Kinde's HTTP statuses and bodies directly rather than the client's error codes, so a
 * change in how the client classifies an answer cannot change what the doctor reports.
 */
import type { KindeKeys } from "../client.ts";
import { internalsOf } from "../internals.ts";
import { createKyClient } from "../management/http.ts";
import { checkDomain, checkToken, type TokenOutcome } from "./connection.ts";
import { checkApiScopes, checkManagementScopes } from "./management.ts";
import { checkVerify } from "./verify.ts";

/** One line of the report. Never holds a secret. */
export interface SetupCheck {
  /** What was checked: `domain`, `reachable`, `token`, `verify`, `management scopes`, `api scopes`. */
  readonly name: string;
  /** Whether this part of the setup works. */
  readonly ok: boolean;
  /** What the check found. */
  readonly detail: string;
  /** What to change, when `ok` is false (sometimes also a note when it is true). */
  readonly hint?: string;
}

/** What {@link checkKindeSetup} found: `ok` when every check passed. */
export interface SetupReport {
  readonly ok: boolean;
  readonly checks: readonly SetupCheck[];
}

/** Options of {@link checkKindeSetup}. */
export interface CheckSetupOptions {
  /**
   * Also check the M2M scopes the key manager needs (`create:`, `update:`, `delete:api_keys`,
   * `read:api_scopes`), as the M2M token grants them.
   * @default false
   */
  management?: boolean;
  /** An API id whose scopes to read (`GET /api/v1/apis/{id}/scopes`, `read:api_scopes`). */
  apiId?: string;
  /** Aborts the checks; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Checks the Kinde setup of `kinde`: the domain's form; that Kinde answers there; that it issues
 * an M2M token for the client's credentials and audience; that it answers verify for a well-formed
 * dummy key (a key verdict proves the route and `read:api_keys`; 403 means the scope is missing;
 * 404 a wrong domain, or API keys not enabled on the Kinde plan); with `management`, the scopes of
 * the M2M token. Creates, changes and deletes nothing. CLI: `kinde-keys doctor`.
 *
 * @throws {TypeError} when `kinde` was not made by `createKindeKeys`
 * @example
 * ```ts
 * const report = await checkKindeSetup(kinde, { management: true });
 * for (const check of report.checks) if (!check.ok) console.warn(check.name, check.detail, check.hint);
 * ```
 */
export async function checkKindeSetup(
  kinde: KindeKeys<string>,
  options: CheckSetupOptions = {},
): Promise<SetupReport> {
  const internals = internalsOf(kinde, "checkKindeSetup");
  const { signal } = options;
  const checks: SetupCheck[] = [checkDomain(kinde.origin)];
  const token: TokenOutcome = await checkToken(internals.tokens, kinde.origin, signal);
  checks.push(...token.checks);
  if (token.token === undefined) {
    checks.push(notRun("verify", "no M2M token"));
  } else {
    const http = createKyClient(internals.http);
    checks.push(await checkVerify(http, token.token, kinde.origin, signal));
    if (options.management) checks.push(checkManagementScopes(token.token));
    if (options.apiId !== undefined) {
      checks.push(await checkApiScopes(http, token.token, options.apiId, signal));
    }
  }
  return { ok: checks.every((check) => check.ok), checks };
}

function notRun(name: string, why: string): SetupCheck {
  return { name, ok: false, detail: `not checked: ${why}`, hint: "fix the checks above first" };
}
