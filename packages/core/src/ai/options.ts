/**
 * @module ai/options
 * What an `AIApplication` is configured with, and what one request takes and gives back.
 */
import type { KindeKeys } from "../client.ts";
import type { RegisteredScope } from "../register.ts";
import type { Logger } from "../types.ts";
import type { AIProvider } from "./provider.ts";

/** Settings of an {@link AIApplication}. */
export interface AIApplicationOptions<Scope extends string = RegisteredScope> {
  /** The client that verifies the key (`createKindeKeys(…)`). Not needed by `fromVerified`. */
  client: Pick<KindeKeys, "verify">;
  /** The model. `createLocalAIProvider()` answers without one. */
  provider: AIProvider;
  /**
   * Scopes the key must hold, all of them, for `processAIRequest`.
   * @default []
   */
  scopes?: readonly Scope[];
  /** Where usage, refusals, provider failures and slow answers are logged (pino-compatible). */
  logger?: Logger;
  /**
   * Answers slower than this many milliseconds are logged as warnings.
   * @default 5000
   */
  slowThresholdMs?: number;
}

/** Options of one {@link AIApplication.processAIRequest} call. */
export interface ProcessAIRequestOptions {
  /** Aborts the provider call, e.g. when the client disconnects. */
  signal?: AbortSignal;
}

/** What {@link AIApplication.processAIRequest} resolves to. */
export interface AIResult<Context = unknown> {
  /** The provider's answer, checked by `validateAIResponse`. */
  readonly response: string;
  /** The key's organization code, or `null`. */
  readonly organization: string | null;
  /** The key's user id, or `null`. */
  readonly user_id: string | null;
  /** The context the request ran with. */
  readonly context: Context;
}
