/**
 * @module rate-limit-store
 * Per-key rate limits counted in Redis, so a limit holds for the whole fleet. Counting is one atomic
 * Lua script per request (`INCR`, and `PEXPIRE` when it opens the window), so concurrent instances
 * can never both take the last unit: there is no read-modify-write on the client. `peek` reads a
 * window without counting (failed-attempt checks).
 */
import type { RateLimitDecision, RateLimitStore } from "@acme/kinde-keys-core";
import { luaScript, redisCommands } from "./commands.ts";
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

// KEYS: the counter. ARGV: window in ms. Answers { count, ms left }.
const CONSUME = luaScript(`
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { count, left }`);

const PEEK = luaScript(`
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = redis.call('PTTL', KEYS[1])
if left < 0 then left = tonumber(ARGV[1]) end
return { count, left }`);

/**
 * A {@link RateLimitStore} backed by Redis: fixed windows that start at a key's first request, shared
 * by every instance that uses the same database and prefix. Windows are whole seconds: a `windowMs`
 * that is not a multiple of 1000 is rounded up (the stricter choice, and the `w=` that core already
 * advertises in `RateLimit-Policy`).
 *
 * Errors (Redis down) propagate, and core bounds every call by `storeTimeoutMs`: it answers 503
 * (`STORE_UNAVAILABLE`) by default, or lets verified keys through unlimited with
 * `rateLimit: { onStoreError: "allow" }`.
 *
 * @param client an `ioredis` (5, 6) or `node-redis` (`redis` 5, 6) client; configure it to fail
 * fast (see README)
 * @throws {TypeError} when `client` is neither
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
  const redis = redisCommands(client);

  async function windowOf(script: typeof CONSUME, key: string, windowMs: number) {
    const window = String(Math.max(1, Math.ceil(windowMs / 1000)) * 1000);
    const [count, left] = (await redis.run(script, [prefix + key], [window])) as [number, number];
    return { count: Number(count), resetMs: Math.max(0, Number(left)) };
  }

  return {
    async consume(key, limit, windowMs): Promise<RateLimitDecision> {
      const { count, resetMs } = await windowOf(CONSUME, key, windowMs);
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs };
    },
    async peek(key, limit, windowMs): Promise<RateLimitDecision> {
      const { count, resetMs } = await windowOf(PEEK, key, windowMs);
      return { allowed: count < limit, remaining: Math.max(0, limit - count), resetMs };
    },
  };
}
