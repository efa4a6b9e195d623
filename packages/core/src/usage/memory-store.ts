/**
 * @module usage/memory-store
 * Usage kept in this process's memory: for one instance, development and tests. Days older than
 * the retention are dropped as new days are written.
 */
import { dayBefore } from "./days.ts";
import {
  USAGE_COUNTERS,
  type UsageBucket,
  type UsageCounts,
  type UsageRow,
  type UsageStore,
} from "./types.ts";

/** Options of {@link memoryUsageStore}. */
export interface MemoryUsageStoreOptions {
  /**
   * Days of usage kept.
   * @default 400
   */
  retentionDays?: number;
}

/**
 * A usage store in memory.
 *
 * @throws {TypeError} when `retentionDays` is not a positive integer
 * @example
 * ```ts
 * const usage = createUsageRecorder({ store: memoryUsageStore({ retentionDays: 90 }) });
 * ```
 */
export function memoryUsageStore(options: MemoryUsageStoreOptions = {}): UsageStore {
  const retentionDays = options.retentionDays ?? 400;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new TypeError("memoryUsageStore: `retentionDays` must be a positive integer.");
  }
  // owner → day → route → counts: a read walks one owner's days, a sweep drops whole days.
  const owners = new Map<string, Map<string, Map<string, Record<string, number>>>>();
  let newestDay = "";

  function sweep(today: string): void {
    const oldest = dayBefore(today, retentionDays - 1);
    for (const days of owners.values()) {
      for (const day of days.keys()) if (day < oldest) days.delete(day);
    }
  }

  return {
    add(bucket, counts) {
      if (bucket.day > newestDay) {
        newestDay = bucket.day;
        sweep(newestDay);
      }
      const days = entry(owners, `${bucket.ownerType}:${bucket.ownerId}`, () => new Map());
      const routes = entry(days, bucket.day, () => new Map());
      const row = entry(routes, bucket.route, zero);
      for (const name of USAGE_COUNTERS) row[name] = (row[name] ?? 0) + (counts[name] ?? 0);
    },
    read(range) {
      const days = owners.get(`${range.ownerType}:${range.ownerId}`);
      const rows: UsageRow[] = [];
      for (const [day, routes] of days ?? []) {
        if (day < range.from || day > range.to) continue;
        for (const [route, counts] of routes) rows.push(rowOf(range, day, route, counts));
      }
      return rows.sort(byDayThenRoute);
    },
  };
}

/** The value under `key`, made and stored first if missing. */
function entry<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function zero(): Record<string, number> {
  return Object.fromEntries(USAGE_COUNTERS.map((name) => [name, 0]));
}

function rowOf(
  owner: Pick<UsageBucket, "ownerType" | "ownerId">,
  day: string,
  route: string,
  counts: Record<string, number>,
): UsageRow {
  return {
    ownerType: owner.ownerType,
    ownerId: owner.ownerId,
    day,
    route,
    ...(counts as unknown as UsageCounts),
  };
}

/** Rows in the order a bill reads them. */
export function byDayThenRoute(a: UsageRow, b: UsageRow): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.route < b.route ? -1 : a.route > b.route ? 1 : 0;
}
