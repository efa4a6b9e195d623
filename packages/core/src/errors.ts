/**
 * @module errors
 * The one error class of the SDK. `verify()` returns a result for anything about the key itself and
 * throws a {@link KindeKeysError} only for problems with Kinde or with the setup, so callers can tell
 * "this key is bad" (deny with 401) from "we could not decide" (deny with 503) without string matching.
 */

/**
 * Stable, machine-readable error codes.
 *
 * - `KINDE_UNAVAILABLE`: network error, timeout, 5xx, or 429.
 * - `KINDE_AUTH_FAILED`: Kinde rejected the M2M credentials or the app lacks a scope (e.g. `read:api_keys`).
 * - `KINDE_MISCONFIGURED`: Kinde has no verify route at this domain (wrong domain, or API keys not
 *   enabled for the business).
 * - `KINDE_BAD_RESPONSE`: Kinde answered something that is not JSON or does not match its schema.
 * - `CIRCUIT_OPEN`: Kinde failed repeatedly; calls are paused for a backoff period (no request made).
 * - `BUDGET_EXHAUSTED`: this client's own budget for cache misses is spent (no request made).
 * - `CONFIG_INVALID`: the client was constructed with a missing or unsafe setting.
 * - `STORE_UNAVAILABLE`: a cache or rate-limit store failed or missed its deadline (`storeTimeoutMs`);
 *   our own infrastructure, never Kinde.
 */
export type KindeKeysErrorCode =
  | "KINDE_UNAVAILABLE"
  | "KINDE_AUTH_FAILED"
  | "KINDE_MISCONFIGURED"
  | "KINDE_BAD_RESPONSE"
  | "CIRCUIT_OPEN"
  | "BUDGET_EXHAUSTED"
  | "CONFIG_INVALID"
  | "STORE_UNAVAILABLE";

const ERROR_CODES: ReadonlySet<string> = new Set<KindeKeysErrorCode>([
  "KINDE_UNAVAILABLE",
  "KINDE_AUTH_FAILED",
  "KINDE_MISCONFIGURED",
  "KINDE_BAD_RESPONSE",
  "CIRCUIT_OPEN",
  "BUDGET_EXHAUSTED",
  "CONFIG_INVALID",
  "STORE_UNAVAILABLE",
]);

/** Extra facts an error may carry; none of them is ever a secret. */
export interface KindeKeysErrorOptions {
  /** The underlying error, kept for debugging. Never an object that holds a request body. */
  cause?: unknown;
  /** HTTP status Kinde answered with, when there was an answer. */
  status?: number;
  /** Seconds after which a retry may succeed, when Kinde said so (`Retry-After` / `RateLimit-Reset`). */
  retryAfterSeconds?: number;
  /** Kinde's own error code from the answer's body (`ROUTE_NOT_FOUND`, `invalid_client`, …). */
  kindeCode?: string;
}

/**
 * Thrown for anything about Kinde or the configuration, never for a bad key.
 *
 * @example
 * ```ts
 * try {
 *   await kinde.verify(key);
 * } catch (error) {
 *   if (isKindeKeysError(error) && error.code === "KINDE_UNAVAILABLE") retryLater();
 * }
 * ```
 */
export class KindeKeysError extends Error {
  override readonly name = "KindeKeysError";
  /** Stable code to branch on; messages may change, codes do not. */
  readonly code: KindeKeysErrorCode;
  /** HTTP status of Kinde's answer, if any. */
  readonly status: number | undefined;
  /** Seconds after which a retry may succeed, if known. */
  readonly retryAfterSeconds: number | undefined;
  /** Kinde's own error code, when its answer carried one. */
  readonly kindeCode: string | undefined;

  constructor(code: KindeKeysErrorCode, message: string, options: KindeKeysErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.kindeCode = options.kindeCode;
  }
}

/**
 * True for a {@link KindeKeysError}, including one created by another loaded copy of this package
 * (ESM and CJS side by side), where `instanceof` alone would say no.
 */
export function isKindeKeysError(error: unknown): error is KindeKeysError {
  if (error instanceof KindeKeysError) return true;
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return (
    candidate.name === "KindeKeysError" &&
    typeof candidate.code === "string" &&
    ERROR_CODES.has(candidate.code)
  );
}
