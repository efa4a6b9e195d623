/**
 * @module usage/types
 * The shapes of usage per owner: what is counted, how a store is asked to add to it and read it
 * back, and the rows it answers with (one per owner, UTC day and route, ready for billing).
 */

/** The counters of one owner on one UTC day on one route. */
export interface UsageCounts {
  /** Requests that passed the key check. */
  readonly requests: number;
  /** Requests refused after the key was verified (scope, organization, rate limit). */
  readonly refused: number;
  /** `AIApplication` requests answered. */
  readonly aiRequests: number;
  /** Characters of the prompts sent to the provider. */
  readonly inputChars: number;
  /** Characters of the provider's answers. */
  readonly outputChars: number;
  /** Time spent waiting for the provider, in milliseconds. */
  readonly providerMs: number;
}

/** The names of the counters, in a fixed order. */
export const USAGE_COUNTERS = [
  "requests",
  "refused",
  "aiRequests",
  "inputChars",
  "outputChars",
  "providerMs",
] as const satisfies readonly (keyof UsageCounts)[];

/** Whose usage: an organization (`orgCode`) or a user (`userId`). */
export type UsageOwnerType = "organization" | "user";

/** Where a store adds counts. */
export interface UsageBucket {
  readonly ownerType: UsageOwnerType;
  /** The organization code or the user id. */
  readonly ownerId: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  /** A route template, or `other`. */
  readonly route: string;
}

/** A read of one owner's usage over whole UTC days, both ends included. */
export interface UsageRange {
  readonly ownerType: UsageOwnerType;
  readonly ownerId: string;
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD`. */
  readonly to: string;
}

/** One row of usage: owner, day, route and the counters. */
export interface UsageRow extends UsageCounts, UsageBucket {}

/**
 * Where usage is kept: `memoryUsageStore()` for one process, `redisUsageStore(client)` from
 * `@acme/kinde-keys-redis` for a fleet. Either method may answer synchronously or with a promise.
 */
export interface UsageStore {
  /** Adds `counts` to the bucket, atomically with respect to other writers. */
  add(bucket: UsageBucket, counts: Partial<UsageCounts>): void | Promise<void>;
  /** The rows of one owner in a day range, sorted by day then route. */
  read(range: UsageRange): readonly UsageRow[] | Promise<readonly UsageRow[]>;
}
