/**
 * @module request/rate-limit
 * Per-key rate limits, keyed by Kinde's `key_id` (never the raw key, never the caller's IP, which
 * many keys may share). Answers carry the IETF `RateLimit-Policy` / `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers) so well-behaved clients can pace themselves.
 */
import { ExpiringLru } from "../kinde/lru.ts";
import { guardRateLimitStore } from "./rate-limit-guard.ts";

/** The decision a store makes for one request. */
export interface RateLimitDecision {
  /** Whether this request fits in the window. */
  readonly allowed: boolean;
  /** Requests left in the current window after this one. */
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

/**
 * Counts requests per key and window. Implementations must be atomic: two instances consuming at
 * once must never both get the last unit.
 */
export interface RateLimitStore {
  /** Consumes one unit of `key`'s budget of `limit` per `windowMs`. */
  consume(
    key: string,
    limit: number,
    windowMs: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
  /**
   * The state of `key`'s current window without consuming (`allowed` while fewer than `limit` were
   * counted). Needed by `failedAttempts`, which looks before verifying and counts only refusals.
   */
  peek?(
    key: string,
    limit: number,
    windowMs: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Per-key limit of an `authorize` call or middleware. */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /**
   * Where counts live. Use `redisRateLimitStore` from `@acme/kinde-keys-redis` to share a limit
   * between instances.
   * @default one in-process memory store per client
   */
  store?: RateLimitStore;
  /**
   * Policy name shown in the `RateLimit` headers; also separates budgets of different policies.
   * Letters, digits, `-` and `_`.
   * @default "per-key"
   */
  name?: string;
  /**
   * What to do when the store fails (e.g. Redis down). `deny` answers 503, failing closed like every
   * other error; `allow` lets verified keys through unlimited until the store recovers.
   * @default "deny"
   */
  onStoreError?: "deny" | "allow";
}

/** Rate-limit options after checks, computed once per middleware. */
export interface ResolvedRateLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly store: RateLimitStore;
  readonly keyPrefix: string;
  readonly policyHeader: string;
  readonly name: string;
  readonly onStoreError: "deny" | "allow";
}

/**
 * The default store: fixed windows counted in memory, bounded to `maxKeys` keys (least recently
 * used go first). A fixed window is a few lines and costs the edge bundle nothing; use the Redis
 * store for sliding, shared limits.
 */
export function memoryRateLimitStore(options: { maxKeys?: number } = {}): RateLimitStore {
  const windows = new ExpiringLru<{ count: number; resetAt: number }>(options.maxKeys ?? 100_000);
  /** `key`'s live window (a new one when it has none), after adding `add` to its count. */
  function take(key: string, limit: number, windowMs: number, add: 0 | 1): RateLimitDecision {
    const now = Date.now();
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      windows.set(key, window, windowMs);
    }
    window.count += add;
    return {
      // Counted before this request: consuming the last unit is still allowed, peeking after not.
      allowed: window.count - add < limit,
      remaining: Math.max(0, limit - window.count),
      resetMs: window.resetAt - now,
    };
  }
  return {
    consume: (key, limit, windowMs) => take(key, limit, windowMs, 1),
    peek: (key, limit, windowMs) => take(key, limit, windowMs, 0),
  };
}

const POLICY_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks a window's `limit` (a positive integer) and `windowMs` (a finite number of at least a
 * second), once, when a route is made.
 * @throws {TypeError} naming the option, e.g. `rateLimit.limit`
 */
export function checkWindow(option: string, limit: unknown, windowMs: unknown): void {
  if (!Number.isInteger(limit) || (limit as number) < 1)
    throw new TypeError(`${option}.limit must be a positive integer.`);
  if (!Number.isFinite(windowMs) || (windowMs as number) < 1000)
    throw new TypeError(`${option}.windowMs must be at least 1000.`);
}

/**
 * A store's answer, checked: a store in plain JavaScript may answer `NaN`, a negative time or no
 * object at all, which must never become `Retry-After: NaN` or a pass.
 * @throws {TypeError} when it is not a decision (the pipeline treats that as a store failure)
 */
export function checkDecision(decision: unknown): RateLimitDecision {
  const { allowed, remaining, resetMs } = (decision ?? {}) as Partial<RateLimitDecision>;
  if (typeof allowed !== "boolean" || !isCount(remaining) || !isCount(resetMs))
    throw new TypeError("The rate-limit store answered something that is not a decision.");
  return decision as RateLimitDecision;
}

function isCount(value: unknown): boolean {
  return Number.isFinite(value) && (value as number) >= 0;
}

/**
 * Checks the options once; `defaultStore` is used when none is given, and a given store's calls get
 * a deadline of `storeTimeoutMs` ms.
 */
export function resolveRateLimit(
  options: RateLimitOptions,
  defaultStore: () => RateLimitStore,
  storeTimeoutMs = 250,
): ResolvedRateLimit {
  const { limit, windowMs } = options;
  checkWindow("rateLimit", limit, windowMs);
  const name = options.name ?? "per-key";
  if (!POLICY_NAME.test(name))
    throw new TypeError("rateLimit.name may hold letters, digits, - and _ only.");
  const windowSeconds = Math.ceil(windowMs / 1000);
  return {
    limit,
    windowMs,
    store: options.store ? guardRateLimitStore(options.store, storeTimeoutMs) : defaultStore(),
    keyPrefix: `${name}:${limit}:${windowMs}:`,
    // RFC 9651 structured fields: a quoted policy name with quota and window parameters.
    policyHeader: `"${name}";q=${limit};w=${windowSeconds}`,
    name,
    onStoreError: options.onStoreError ?? "deny",
  };
}

/** The `RateLimit-Policy` and `RateLimit` headers for a decision. */
export function rateLimitHeaders(
  policy: ResolvedRateLimit,
  decision: RateLimitDecision,
): Record<string, string> {
  const resetSeconds = Math.max(0, Math.ceil(decision.resetMs / 1000));
  return {
    "ratelimit-policy": policy.policyHeader,
    ratelimit: `"${policy.name}";r=${decision.remaining};t=${resetSeconds}`,
  };
}
