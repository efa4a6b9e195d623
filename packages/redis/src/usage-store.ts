/**
 * @module usage-store
 * Usage per owner kept in Redis, for a fleet: one hash per owner and UTC day, one field per counter
 * and route (`requests|/orgs/:org/reports`). Every write is one Lua script that adds all of an
 * event's counters with `HINCRBY` and sets the hash's expiry, so instances never lose each other's
 * counts and old days leave on their own. It takes either client, through the same command
 * interface as the other stores.
 */
import {
  USAGE_COUNTERS,
  type UsageBucket,
  type UsageCounts,
  type UsageRow,
  type UsageStore,
} from "@acme/kinde-keys-core";
import { luaScript, type RedisCommands, redisCommands } from "./commands.ts";
import type { RedisClient } from "./types.ts";

/** Options of {@link redisUsageStore}. */
export interface RedisUsageStoreOptions {
  /**
   * Prepended to every Redis key.
   * @default "kinde-keys:usage:"
   */
  prefix?: string;
  /**
   * Days a day's counts are kept after its last write.
   * @default 400
   */
  retentionDays?: number;
}

/** The prefix of usage hashes when none is given. */
export const DEFAULT_USAGE_PREFIX = "kinde-keys:usage:";

const DAY_SECONDS = 86_400;
// KEYS[1]: the owner-day hash; ARGV[1]: expiry in seconds; then field, amount pairs.
const ADD_SCRIPT = luaScript(`
for i = 2, #ARGV - 1, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`);

/**
 * A usage store backed by Redis, shared by every instance using the same database and prefix.
 * Errors (Redis down) reject: the audit queue logs them and no request is affected.
 *
 * @param client an `ioredis` (5, 6; `Redis` or `Cluster`: each write touches one key) or a
 * `node-redis` (5, 6) client
 * @throws {TypeError} when `retentionDays` is not a positive integer
 * @example
 * ```ts
 * const usage = createUsageRecorder({ store: redisUsageStore(redis) });
 * app.use(kindeApiKey({ client: kinde, audit: usage.audit }));
 * ```
 */
export function redisUsageStore(
  client: RedisClient,
  options: RedisUsageStoreOptions = {},
): UsageStore {
  const prefix = options.prefix ?? DEFAULT_USAGE_PREFIX;
  const redis = redisCommands(client);
  const retentionDays = options.retentionDays ?? 400;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new TypeError("redisUsageStore: `retentionDays` must be a positive integer.");
  }
  const ownerKey = (bucket: Pick<UsageBucket, "ownerType" | "ownerId">) =>
    `${prefix}${bucket.ownerType}:${encodeURIComponent(bucket.ownerId)}:`;
  return {
    async add(bucket, counts) {
      const fields: (string | number)[] = [];
      for (const name of USAGE_COUNTERS) {
        const amount = Math.round(counts[name] ?? 0);
        if (amount !== 0) fields.push(`${name}|${bucket.route}`, amount);
      }
      if (fields.length === 0) return;
      await addCounts(redis, ownerKey(bucket) + bucket.day, retentionDays * DAY_SECONDS, fields);
    },
    async read(range) {
      const days = daysOf(range.from, range.to);
      const hashes = await readDays(
        redis,
        days.map((day) => ownerKey(range) + day),
      );
      return days.flatMap((day, i) => rowsOf(range, day, hashes[i] ?? {}));
    },
  };
}

/** Adds the counters atomically and (re)sets the hash's expiry. */
async function addCounts(
  redis: RedisCommands,
  key: string,
  ttlSeconds: number,
  fields: (string | number)[],
): Promise<void> {
  await redis.run(ADD_SCRIPT, [key], [String(ttlSeconds), ...fields.map(String)]);
}

/** The hashes of several days, asked for at once (both clients pipeline concurrent commands). */
async function readDays(
  redis: RedisCommands,
  keys: readonly string[],
): Promise<Record<string, string>[]> {
  const replies = await Promise.all(keys.map((key) => redis.send(["HGETALL", key])));
  return replies.map(hashOf);
}

/** `HGETALL`'s raw reply (`[field, value, …]`; a record from some client versions) as a record. */
function hashOf(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) return (reply ?? {}) as Record<string, string>;
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) hash[String(reply[i])] = String(reply[i + 1]);
  return hash;
}

/** One row per route found in a day's hash, by route. */
function rowsOf(
  owner: Pick<UsageBucket, "ownerType" | "ownerId">,
  day: string,
  hash: Record<string, string>,
): UsageRow[] {
  const byRoute = new Map<string, Record<string, number>>();
  for (const [field, value] of Object.entries(hash)) {
    const cut = field.indexOf("|");
    const name = field.slice(0, cut);
    const route = field.slice(cut + 1);
    let counts = byRoute.get(route);
    if (!counts) {
      counts = Object.fromEntries(USAGE_COUNTERS.map((counter) => [counter, 0]));
      byRoute.set(route, counts);
    }
    if (name in counts) counts[name] = Number(value);
  }
  return [...byRoute]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([route, counts]) => ({
      ownerType: owner.ownerType,
      ownerId: owner.ownerId,
      day,
      route,
      ...(counts as unknown as UsageCounts),
    }));
}

/** Every UTC day from `from` to `to`, both included, as `YYYY-MM-DD`. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_SECONDS * 1000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
