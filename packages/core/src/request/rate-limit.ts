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
   * The state of `key`'s window without consuming (`allowed` while the count is below `limit`),
   * e.g. to check failed attempts before counting one more with `consume`.
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
  return {
    consume(key, limit, windowMs) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowMs };
        windows.set(key, window, windowMs);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        remaining: Math.max(0, limit - window.count),
        resetMs: window.resetAt - now,
      };
    },
  };
}

const POLICY_NAME = /^[A-Za-z0-9_-]{1,64}$/;

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
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError("rateLimit.limit must be a positive integer.");
  if (!Number.isFinite(windowMs) || windowMs < 1000)
    throw new TypeError("rateLimit.windowMs must be at least 1000.");
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
