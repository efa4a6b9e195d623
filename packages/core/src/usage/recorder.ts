/**
 * @module usage/recorder
 * Usage per owner, fed by the audit trail and by `AIApplication`: each event adds to its owner's
 * counters for its UTC day and route. Routes the framework did not match (and 404s) count as
 * `other`, so an attacker probing paths cannot grow the store; environment keys have no owner to
 * bill and are not counted.
 */
import type { AIUsageEvent } from "../ai/options.ts";
import type { AuditEvent } from "../audit/event.ts";
import type { Logger } from "../types.ts";
import { toDay, utcDay } from "./days.ts";
import type { UsageRow, UsageStore } from "./types.ts";

/** Options of {@link createUsageRecorder}. */
export interface UsageRecorderOptions {
  /** Where the counts go: `memoryUsageStore()`, or `redisUsageStore(client)` for a fleet. */
  store: UsageStore;
  /**
   * Route templates counted on their own; any other route counts as `other`.
   * @default every route the framework matched
   */
  routes?: readonly string[];
  /**
   * The route AI usage counts under.
   * @default "ai"
   */
  aiRoute?: string;
  /** Where store failures are reported when a caller does not await them. */
  logger?: Logger;
}

/** A read: one organization or one user, over whole UTC days (both ends included). */
export type UsageQuery = ({ orgCode: string } | { userId: string }) & {
  /** First day, `YYYY-MM-DD` or a `Date`. @default `to` */
  from?: string | Date;
  /** Last day, `YYYY-MM-DD` or a `Date`. @default today (UTC) */
  to?: string | Date;
};

/** Counts usage and reads it back. */
export interface UsageRecorder {
  /** An audit sink: pass it as the adapters' `audit` (or call it from your own sink). */
  readonly audit: (event: AuditEvent) => Promise<void>;
  /** An `AIApplication` `onUsage` hook. */
  readonly ai: (event: AIUsageEvent) => Promise<void>;
  /** Rows of one owner, by day then route, ready for a bill or a dashboard. */
  get(query: UsageQuery): Promise<readonly UsageRow[]>;
}

/** The longest range one read may span. */
const MAX_RANGE_DAYS = 1000;
const OTHER = "other";

/**
 * Creates a usage recorder over a store.
 *
 * @throws {TypeError} when `store` is not a usage store
 * @example
 * ```ts
 * const usage = createUsageRecorder({ store: memoryUsageStore() });
 * app.use(kindeApiKey({ audit: usage.audit }));
 * const rows = await usage.get({ orgCode: "org_acme", from: "2025-01-01", to: "2025-01-31" });
 * ```
 */
export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { store } = options;
  if (typeof store?.add !== "function" || typeof store.read !== "function") {
    throw new TypeError("createUsageRecorder: `store` must have `add` and `read`.");
  }
  const routes = options.routes ? new Set(options.routes) : undefined;
  const aiRoute = options.aiRoute ?? "ai";

  function routeOf(event: AuditEvent): string {
    if (!event.routeMatched || event.status === 404) return OTHER;
    return !routes || routes.has(event.route) ? event.route : OTHER;
  }

  return {
    async audit(event) {
      const owner = ownerOf(event);
      if (!owner) return;
      const counts = event.outcome === "allowed" ? { requests: 1 } : { refused: 1 };
      await store.add({ ...owner, day: utcDay(event.timestamp), route: routeOf(event) }, counts);
    },
    async ai(event) {
      const owner = ownerOf(event);
      if (!owner) return;
      await store.add(
        { ...owner, day: utcDay(event.timestamp), route: aiRoute },
        {
          aiRequests: 1,
          inputChars: event.inputChars,
          outputChars: event.outputChars,
          providerMs: Math.round(event.durationMs),
        },
      );
    },
    async get(query) {
      const owner = queryOwner(query);
      const to = toDay(query.to ?? new Date(), "to");
      const from = toDay(query.from ?? to, "from");
      if (from > to) throw new TypeError("usage: `from` is after `to`.");
      if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) {
        throw new TypeError(`usage: a read spans at most ${MAX_RANGE_DAYS} days.`);
      }
      return store.read({ ...owner, from, to });
    },
  };
}

/** The owner to bill: the organization, else the user; environment keys have none. */
function ownerOf(event: {
  readonly ownerType?: string;
  readonly orgCode?: string | null;
  readonly userId?: string | null;
}): { ownerType: "organization" | "user"; ownerId: string } | undefined {
  if (event.ownerType === "organization" && event.orgCode)
    return { ownerType: "organization", ownerId: event.orgCode };
  if (event.ownerType === "user" && event.userId)
    return { ownerType: "user", ownerId: event.userId };
  return undefined;
}

function queryOwner(query: UsageQuery): { ownerType: "organization" | "user"; ownerId: string } {
  const { orgCode, userId } = query as { orgCode?: unknown; userId?: unknown };
  if (typeof orgCode === "string" && orgCode !== "" && userId === undefined)
    return { ownerType: "organization", ownerId: orgCode };
  if (typeof userId === "string" && userId !== "" && orgCode === undefined)
    return { ownerType: "user", ownerId: userId };
  throw new TypeError("usage: name exactly one of `orgCode` or `userId`.");
}
