/**
 * @module cache-store
 * A verification cache in Redis, so a fleet of instances asks Kinde once per key per TTL instead of
 * once per instance, and a revocation on one instance reaches all of them. Core hands the store
 * opaque names (hashes within the client's namespace, never a key or key id) and sealed values it
 * checks on read; entries expire by themselves (`PX`).
 *
 * Layout under the prefix: `<name>` an entry, `i:<keyIdName>` the set of a key id's entry names,
 * `t:<name>` / `t:<keyIdName>` tombstones. Writes and invalidations are Lua scripts, so a tombstone
 * check and the write it guards are one atomic step: no instance can slip a pre-revocation answer in
 * between.
 */
import type { CacheStore } from "@acme/kinde-keys-core";
import { luaScript, redisCommands } from "./commands.ts";
import type { RedisClient } from "./types.ts";

/** Options of {@link redisCacheStore}. */
export interface RedisCacheStoreOptions {
  /**
   * Prepended to every Redis key, to keep these entries apart from the rest of the database (and
   * from other apps sharing it). With Redis Cluster, give it a hash tag (`{kinde-keys}:verify:`):
   * the scripts touch an entry, its key id's index and tombstones together, which must share a slot.
   * @default "kinde-keys:verify:"
   */
  prefix?: string;
}

/** The prefix of cache entries when none is given. */
export const DEFAULT_CACHE_PREFIX = "kinde-keys:verify:";

// KEYS: entry, its tombstone[, key id's tombstone, key id's index]. ARGV: value, ttl in ms.
const SET = luaScript(`
if redis.call('EXISTS', KEYS[2]) == 1 or (KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[4] then
  redis.call('SADD', KEYS[4], KEYS[1])
  if redis.call('PTTL', KEYS[4]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[4], ARGV[2]) end
end
return 1`);

// KEYS: entry, its tombstone. ARGV: tombstone ttl in ms.
const DELETE = luaScript(`
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 1`);

// KEYS: key id's index, its tombstone. ARGV: tombstone ttl in ms.
const DELETE_KEY_ID = luaScript(`
local names = redis.call('SMEMBERS', KEYS[1])
for _, name in ipairs(names) do redis.call('DEL', name) end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return #names`);

/**
 * A {@link CacheStore} backed by Redis, shared by every instance that uses the same database and
 * prefix. Errors (Redis down) are not swallowed here: core catches them, treats them as a miss, logs
 * once per outage, and bounds every call by `storeTimeoutMs`.
 *
 * @param client an `ioredis` (5, 6) or `node-redis` (`redis` 5, 6) client; configure it to fail
 * fast (see README)
 * @throws {TypeError} when `client` is neither
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
  const redis = redisCommands(client);
  const entry = (name: string) => prefix + name;
  const index = (keyIdName: string) => `${prefix}i:${keyIdName}`;
  const tombstone = (name: string) => `${prefix}t:${name}`;
  return {
    get: (name) => redis.send(["GET", entry(name)]),
    async set(name, value, ttlMs, keyIdName) {
      const keys = [entry(name), tombstone(name)];
      if (keyIdName) keys.push(tombstone(keyIdName), index(keyIdName));
      await redis.run(SET, keys, [value, px(ttlMs)]);
    },
    async delete(name, tombstoneMs) {
      await redis.run(DELETE, [entry(name), tombstone(name)], [px(tombstoneMs)]);
    },
    async deleteKeyId(keyIdName, tombstoneMs) {
      await redis.run(DELETE_KEY_ID, [index(keyIdName), tombstone(keyIdName)], [px(tombstoneMs)]);
    },
  };
}

/** `PX` takes a positive integer. */
function px(ms: number): string {
  return String(Math.max(1, Math.ceil(ms)));
}
