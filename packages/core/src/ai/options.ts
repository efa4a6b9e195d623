/**
 * @module ai/options
 * What an `AIApplication` is configured with, and what one request takes and gives back.
 */
import type { KindeKeys } from "../client.ts";
import type { RegisteredScope } from "../register.ts";
import type { KeyOwnerType, Logger } from "../types.ts";
import type { SanitizeAIInputOptions, ValidateAIResponseOptions } from "./guards.ts";
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
  /**
   * Options of the prompt guard, `sanitizeAIInput` (e.g. `{ maxLength: 20000 }`).
   * @default {} (reject mode, 10,000 characters)
   */
  inputGuard?: SanitizeAIInputOptions;
  /**
   * Options of the answer guard, `validateAIResponse`, e.g. `{ allowImageHosts: ["cdn.acme.com"] }`
   * for a product that serves images in answers, or `patterns` of its own.
   * @default {} (remote images refused, 50,000 characters)
   */
  responseGuard?: ValidateAIResponseOptions;
  /**
   * Called after each answered request with its sizes and provider time, e.g. a usage recorder's
   * `ai` hook. May be async; a hook that throws or rejects is logged and changes nothing.
   */
  onUsage?: (event: AIUsageEvent) => void | PromiseLike<void>;
}

/** What `onUsage` receives: one answered AI request. Never the key, the prompt or the answer. */
export interface AIUsageEvent {
  /** When the answer was accepted, ISO 8601 UTC. */
  readonly timestamp: string;
  /** Kinde's key id. */
  readonly keyId: string;
  /** The key's owner type (`organization` or `user`: environment keys are refused). */
  readonly ownerType: KeyOwnerType;
  /** The key's organization code, or `null`. */
  readonly orgCode: string | null;
  /** The key's user id, or `null`. */
  readonly userId: string | null;
  /** Characters of the caller's prompt. */
  readonly inputChars: number;
  /** Characters of the answer. */
  readonly outputChars: number;
  /** Time the provider took, in milliseconds. */
  readonly durationMs: number;
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
