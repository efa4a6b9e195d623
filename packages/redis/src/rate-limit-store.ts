/**
 * @module rate-limit-store
 * Per-key rate limits counted in Redis, so a limit holds for the whole fleet. Counting is one atomic
 * Lua script per request (rate-limiter-flexible's `RateLimiterRedis`: `SET NX` + `INCRBY` + `PTTL`
 * on the server), so concurrent instances can never both take the last unit: there is no
 * read-modify-write on the client.
 */
import type { RateLimitDecision, RateLimitStore } from "@acme/kinde-keys-core";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RedisClient } from "./types.ts";

/** Options of {@link redisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /**
   * Prepended to every Redis key. Core's keys already name the policy, limit, window and Kinde key
   * id, so one prefix serves every policy.
   * @default "kinde-keys:rate-limit:"
   */
  prefix?: string;
}

/** The prefix of rate-limit counters when none is given. */
export const DEFAULT_RATE_LIMIT_PREFIX = "kinde-keys:rate-limit:";

/**
 * A {@link RateLimitStore} backed by Redis: fixed windows that start at a key's first request, shared
 * by every instance that uses the same database and prefix. Windows are whole seconds: a `windowMs`
 * that is not a multiple of 1000 is rounded up (the stricter choice, and the `w=` that core already
 * advertises in `RateLimit-Policy`).
 *
 * Errors (Redis down, timeouts) propagate: core answers 503 by default, or lets verified keys through
 * unlimited with `rateLimit: { onStoreError: "allow" }`.
 *
 * @param client an `ioredis` client (`Redis` or `Cluster`); configure it to fail fast (see README)
 * @example
 * ```ts
 * const limits = redisRateLimitStore(redis);
 * app.use(kindeApiKey({ client: kinde, rateLimit: { limit: 100, windowMs: 60_000, store: limits } }));
 * ```
 */
export function redisRateLimitStore(
  client: RedisClient,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  const prefix = options.prefix ?? DEFAULT_RATE_LIMIT_PREFIX;
  // One limiter per (limit, window) pair, made on first use. An app has a handful of policies, and
  // core compiles each once per middleware, so this map stays tiny.
  const limiters = new Map<string, RateLimiterRedis>();

  function limiterFor(limit: number, windowMs: number): RateLimiterRedis {
    const id = `${limit}:${windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: client,
        points: limit,
        duration: Math.max(1, Math.ceil(windowMs / 1000)),
        // An empty library prefix: ours is prepended below, so both stores treat `prefix` alike.
        keyPrefix: "",
      });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  return {
    async consume(key, limit, windowMs): Promise<RateLimitDecision> {
      try {
        const res = await limiterFor(limit, windowMs).consume(prefix + key);
        return { allowed: true, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
      } catch (error) {
        // rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent, and with an
        // Error when Redis failed; only the latter is a store failure.
        if (error instanceof RateLimiterRes) {
          return { allowed: false, remaining: 0, resetMs: Math.max(0, error.msBeforeNext) };
        }
        throw error;
      }
    },
  };
}
