/**
 * @module @acme/kinde-keys-redis
 * Redis-backed stores for kinde-keys, for deployments with many instances: one verification cache
 * (one Kinde call per key per TTL for the whole fleet, revocations seen fleet-wide), one atomic
 * per-key rate limit, and usage per owner per day for billing. Each takes an `ioredis` or a
 * `node-redis` client.
 */

export type { RedisCacheStoreOptions } from "./cache-store.ts";
export { DEFAULT_CACHE_PREFIX, redisCacheStore } from "./cache-store.ts";
export type { RedisRateLimitStoreOptions } from "./rate-limit-store.ts";
export { DEFAULT_RATE_LIMIT_PREFIX, redisRateLimitStore } from "./rate-limit-store.ts";
export type { IoRedisLike, NodeRedisLike, RedisClient } from "./types.ts";
export type { RedisUsageStoreOptions } from "./usage-store.ts";
export { DEFAULT_USAGE_PREFIX, redisUsageStore } from "./usage-store.ts";
