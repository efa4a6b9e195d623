/**
 * @module request/answers
 * Every refusal the SDK answers with: status, body `code`, message and headers, in one table so the
 * framework adapters cannot drift; the `onError` hook that may reshape one; and the 503 for a
 * request that could not be decided. Messages use the words of Kinde's docs. Challenges follow
 * RFC 6750 §3 (`WWW-Authenticate: Bearer realm=…, error=…`).
 */
import { isKindeKeysError } from "../errors.ts";
import { describeError, loggerOf, logSafely } from "../logger.ts";
import type { Logger } from "../types.ts";
import { sendable } from "./sendable.ts";

/** The `code` field of a refusal's body. */
export type DenialCode =
  | "MISSING_KEY"
  | "INVALID_REQUEST"
  | "INVALID_KEY"
  | "KEY_REVOKED"
  | "KEY_INACTIVE"
  | "INSUFFICIENT_SCOPE"
  | "ORG_MISMATCH"
  | "OWNER_NOT_ALLOWED"
  | "WRONG_API"
  | "RATE_LIMITED"
  | "TOO_MANY_FAILED_ATTEMPTS"
  | "VERIFICATION_UNAVAILABLE";

/** The JSON body of a refusal. */
export interface DenialBody {
  /** A human-readable message. */
  readonly error: string;
  /** A stable code to branch on. */
  readonly code: DenialCode;
  /** For `INSUFFICIENT_SCOPE`: every scope the route requires. */
  readonly required_scopes?: readonly string[];
  /** For `INSUFFICIENT_SCOPE`: the required scopes the key lacks. */
  readonly missing_scopes?: readonly string[];
}

/** A refusal, ready to send as it is. */
export interface AuthorizeDenial {
  readonly ok: false;
  readonly status: 400 | 401 | 403 | 429 | 503;
  /** Response headers, lower-case names. Always includes `content-type` and `cache-control`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: DenialBody;
}

type RfcError = "invalid_request" | "invalid_token" | "insufficient_scope";

const ROWS: Record<
  DenialCode,
  { status: AuthorizeDenial["status"]; error: string; rfc?: RfcError | "challenge" }
> = {
  MISSING_KEY: { status: 401, error: "Missing API key", rfc: "challenge" },
  INVALID_REQUEST: {
    status: 400,
    error: "Malformed credentials: expected a single API key",
    rfc: "invalid_request",
  },
  INVALID_KEY: { status: 401, error: "Invalid API key", rfc: "invalid_token" },
  KEY_REVOKED: { status: 401, error: "API key has been revoked", rfc: "invalid_token" },
  KEY_INACTIVE: { status: 401, error: "API key is not active", rfc: "invalid_token" },
  INSUFFICIENT_SCOPE: { status: 403, error: "Insufficient scope", rfc: "insufficient_scope" },
  ORG_MISMATCH: { status: 403, error: "API key does not belong to this organization" },
  OWNER_NOT_ALLOWED: { status: 403, error: "API keys of this owner type are not allowed here" },
  WRONG_API: { status: 403, error: "API key was not issued for this API" },
  RATE_LIMITED: { status: 429, error: "Rate limit exceeded" },
  TOO_MANY_FAILED_ATTEMPTS: {
    status: 429,
    error: "Too many failed attempts: try again later",
  },
  VERIFICATION_UNAVAILABLE: {
    status: 503,
    error: "API key verification is temporarily unavailable",
  },
};

const BASE_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  // Refusals depend on credentials: no shared cache may keep them (RFC 6750 §5.3 spirit).
  "cache-control": "no-store",
} as const;

/** RFC 9110 quoted-string: escape backslash and quote. */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/**
 * Builds the refusal for `code`. Extra headers (e.g. `retry-after`) are merged in; `error` replaces
 * the row's message (extraction says what it expected and where it looked).
 */
export function deny(
  code: DenialCode,
  options: {
    realm: string;
    error?: string;
    requiredScopes?: readonly string[];
    missingScopes?: readonly string[];
    headers?: Record<string, string>;
  },
): AuthorizeDenial {
  const row = ROWS[code];
  const headers: Record<string, string> = { ...BASE_HEADERS, ...options.headers };
  let body: DenialBody = { error: options.error ?? row.error, code };
  if (code === "INSUFFICIENT_SCOPE") {
    const required = options.requiredScopes ?? [];
    const missing = options.missingScopes ?? [];
    body = {
      error: `Insufficient scope. Required: ${required.join(", ")}`,
      code,
      required_scopes: required,
      missing_scopes: missing,
    };
  }
  if (row.rfc) {
    let challenge = `Bearer realm=${quote(options.realm)}`;
    if (row.rfc !== "challenge") challenge += `, error="${row.rfc}"`;
    if (row.rfc === "insufficient_scope")
      challenge += `, scope=${quote((options.requiredScopes ?? []).join(" "))}`;
    headers["www-authenticate"] = challenge;
  }
  return { ok: false, status: row.status, headers, body };
}

/**
 * Reshapes a refusal before it is sent, e.g. to match an API's error format. Returning nothing keeps
 * it; so does a hook that throws, returns a promise (it is not awaited: a refusal is decided
 * synchronously) or returns anything that is not a refusal core can send.
 */
export type RefusalHook = (
  denial: AuthorizeDenial,
  error: unknown,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook with a block body and no `return` keeps the refusal
) => AuthorizeDenial | undefined | void;

const UNAVAILABLE_RETRY_SECONDS = 5;
const MAX_RETRY_SECONDS = 60;
// The statuses a refusal may have: those of the table, so a hook cannot answer 200 or 500. Made on
// first use: a module-level computation would keep the whole table in every edge bundle.
let statuses: ReadonlySet<number> | undefined;

/**
 * Lets `onError` reshape a refusal, then checks that what will be sent can be (see `sendable`). The
 * hook's result is used only when it is such a refusal; anything else (a throw, a promise, an object
 * of another shape, a pass) keeps the original, so a hook can never turn a refusal into a pass. A
 * core refusal that cannot be sent as it is (a `realm` no header can carry) becomes core's 503, so
 * no adapter has to catch a write. Every refusal the pipeline and the adapter kit answer passes
 * through here.
 */
export function reshape(
  onError: RefusalHook | undefined,
  denial: AuthorizeDenial,
  error: unknown,
  logger?: Logger,
): AuthorizeDenial {
  statuses ??= new Set(Object.values(ROWS).map((row) => row.status));
  const reshaped = onError && runHook(onError, denial, error, logger);
  if (reshaped !== undefined) {
    try {
      return sendable(reshaped, statuses, true);
    } catch {
      logSafely(
        logger,
        "warn",
        {},
        "kinde-keys: onError returned no sendable refusal; sent the original",
      );
    }
  }
  try {
    return sendable(denial, statuses, false);
  } catch (problem) {
    // Without the hook: core's own 503 always passes the check.
    return unavailableDenial(problem);
  }
}

/**
 * A refusal from outside the pipeline (e.g. handed to `denialResponse`) as it can be sent, checked
 * like a hook's result, body included; core's 503 when it cannot be sent as it is.
 */
export function sendableOrUnavailable(denial: unknown): AuthorizeDenial {
  statuses ??= new Set(Object.values(ROWS).map((row) => row.status));
  try {
    return sendable(denial, statuses, true);
  } catch (problem) {
    return unavailableDenial(problem);
  }
}

/** Calls the hook; its result, or `undefined` when it threw or answered a promise. */
function runHook(
  onError: RefusalHook,
  denial: AuthorizeDenial,
  error: unknown,
  logger: Logger | undefined,
): unknown {
  const failed = (problem: unknown) =>
    logSafely(logger, "warn", { err: describeError(problem) }, "kinde-keys: onError failed");
  try {
    const reshaped: unknown = onError(denial, error);
    const then = (reshaped as PromiseLike<unknown> | undefined)?.then;
    if (typeof then !== "function") return reshaped;
    then.call(reshaped, undefined, failed);
    logSafely(logger, "warn", {}, "kinde-keys: onError returned a promise; sent the original");
    return undefined;
  } catch (problem) {
    failed(problem);
    return undefined;
  }
}

/**
 * The refusal for a request that could not be decided: 503 `VERIFICATION_UNAVAILABLE` with
 * `Retry-After` (Kinde's own hint when it gave one), passed through `onError`. The pipeline answers
 * this for every failure; the adapter kit uses it when the pipeline itself could not be built, e.g. a
 * client configured from Cloudflare Workers bindings that throws `CONFIG_INVALID` on the first
 * request. Without `onError`, it is also what a refusal that cannot be sent becomes.
 */
export function unavailableDenial(
  error: unknown,
  options: { realm?: string; onError?: RefusalHook; logger?: Logger | false } = {},
): AuthorizeDenial {
  const denial = deny("VERIFICATION_UNAVAILABLE", {
    realm: options.realm ?? "api",
    headers: { "retry-after": String(retryAfterOf(error)) },
  });
  return reshape(options.onError, denial, error, loggerOf(options.logger));
}

/** The `Retry-After` seconds of the 503 for `error`: Kinde's own hint when it gave one. */
export function retryAfterOf(error: unknown): number {
  const hinted = isKindeKeysError(error) ? error.retryAfterSeconds : undefined;
  return Math.min(MAX_RETRY_SECONDS, Math.max(1, hinted ?? UNAVAILABLE_RETRY_SECONDS));
}
