/**
 * @module usage-store
 * Usage per owner kept in Redis, for a fleet: one hash per owner and UTC day, one field per counter
 * and route (`requests|/orgs/:org/reports`). Every write is one Lua script that adds all of an
 * event's counters with `HINCRBY` and sets the hash's expiry, so instances never lose each other's
 * counts and old days leave on their own. The Redis commands live in {@link addCounts} and
 * {@link readDays} only.
 */
import {
  USAGE_COUNTERS,
  type UsageBucket,
  type UsageCounts,
  type UsageRow,
  type UsageStore,
} from "@acme/kinde-keys-core";
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
const ADD_SCRIPT = `
for i = 2, #ARGV - 1, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

/**
 * A usage store backed by Redis, shared by every instance using the same database and prefix.
 * Errors (Redis down) reject: the audit queue logs them and no request is affected.
 *
 * @param client an `ioredis` client (`Redis` or `Cluster`: each write touches one key)
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
      await addCounts(client, ownerKey(bucket) + bucket.day, retentionDays * DAY_SECONDS, fields);
    },
    async read(range) {
      const days = daysOf(range.from, range.to);
      const hashes = await readDays(
        client,
        days.map((day) => ownerKey(range) + day),
      );
      return days.flatMap((day, i) => rowsOf(range, day, hashes[i] ?? {}));
    },
  };
}

/** Adds the counters atomically and (re)sets the hash's expiry. */
async function addCounts(
  client: RedisClient,
  key: string,
  ttlSeconds: number,
  fields: (string | number)[],
): Promise<void> {
  await client.eval(ADD_SCRIPT, 1, key, ttlSeconds, ...fields);
}

/** The hashes of several days in one round trip. */
async function readDays(
  client: RedisClient,
  keys: readonly string[],
): Promise<Record<string, string>[]> {
  const batch = client.multi();
  for (const key of keys) batch.hgetall(key);
  const results = (await batch.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return (value ?? {}) as Record<string, string>;
  });
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
