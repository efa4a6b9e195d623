/**
 * @module cache-store
 * A verification cache in Redis, so a fleet of instances asks Kinde once per key per TTL instead of
 * once per instance. Entries are stored under the SHA-256 hash core hands the store (never the API
 * key), hold only the JSON-safe verification result, and expire by themselves (`SET … PX`).
 */
import type { CacheStore, VerifyResult } from "@acme/kinde-keys-core";
import type { RedisClient } from "./types.ts";

/** Options of {@link redisCacheStore}. */
export interface RedisCacheStoreOptions {
  /**
   * Prepended to every Redis key, to keep these entries apart from the rest of the database (and
   * from other apps sharing it).
   * @default "kinde-keys:verify:"
   */
  prefix?: string;
}

/** The prefix of cache entries when none is given. */
export const DEFAULT_CACHE_PREFIX = "kinde-keys:verify:";

/**
 * Reads a stored entry back. Anything that is not a verification result (a value written by
 * something else under our prefix) is an error, which core treats like an unreachable store: it
 * asks Kinde, and the fresh answer overwrites the bad entry.
 */
function parseEntry(raw: string): VerifyResult {
  const value: unknown = JSON.parse(raw);
  if (typeof value === "object" && value !== null) {
    const entry = value as { valid?: unknown; key?: unknown; reason?: unknown };
    if (entry.valid === true && typeof entry.key === "object" && entry.key !== null) {
      const key = entry.key as { keyId?: unknown; scopes?: unknown };
      if (typeof key.keyId === "string" && Array.isArray(key.scopes)) return value as VerifyResult;
    }
    if (entry.valid === false && typeof entry.reason === "string") return value as VerifyResult;
  }
  throw new TypeError("kinde-keys: a Redis cache entry does not hold a verification result");
}

/**
 * A {@link CacheStore} backed by Redis, shared by every instance that uses the same database and
 * prefix. Errors (Redis down, timeouts) are not swallowed here: core catches them, logs once per
 * outage, and verifies with Kinde until Redis answers again.
 *
 * @param client an `ioredis` client (`Redis` or `Cluster`); configure it to fail fast (see README)
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createKindeKeys } from "@acme/kinde-keys-core";
 * import { redisCacheStore } from "@acme/kinde-keys-redis";
 *
 * const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * const kinde = createKindeKeys({ cache: { store: redisCacheStore(redis) } });
 * ```
 */
export function redisCacheStore(
  client: RedisClient,
  options: RedisCacheStoreOptions = {},
): CacheStore {
  const prefix = options.prefix ?? DEFAULT_CACHE_PREFIX;
  return {
    async get(key) {
      const raw = await client.get(prefix + key);
      return raw === null ? undefined : parseEntry(raw);
    },
    async set(key, value, ttlMs) {
      // PX takes a positive integer; the entry then expires in Redis without any sweeping here.
      await client.set(prefix + key, JSON.stringify(value), "PX", Math.max(1, Math.ceil(ttlMs)));
    },
    async delete(key) {
      await client.del(prefix + key);
    },
  };
}
