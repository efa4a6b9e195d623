/**
 * @module @acme/kinde-keys-core
 * Accept Kinde API keys in any Node or edge API: verify with Kinde, enforce scopes and the
 * organization/user boundary, rate-limit per key, and answer refusals with standard HTTP.
 *
 * Fetch-style apps (Next.js route handlers, Workers, Bun, Deno) wrap their handlers with
 * `withKindeApiKey`. Other parts have entry points of their own, so an app bundles only what it
 * uses: `@acme/kinde-keys-core/management` (the key manager) and `@acme/kinde-keys-core/ai`
 * (`AIApplication`, guards, providers). The audit trail's sinks and the usage recorder are here, so
 * the adapters can re-export them; an app that does not import them does not bundle them.
 */

// The client: configuration, verification, cache

export type { KindeKeys, KindeKeysConfig } from "./client.ts";
export { createKindeKeys } from "./client.ts";
export type { KindeConnectionConfig, KindeEnv } from "./config.ts";
export type { VerifyBudgetOptions } from "./kinde/budget.ts";
export type { CacheOptions, CacheStore } from "./kinde/cache.ts";
export { memoryCacheStore } from "./kinde/cache.ts";
export type { BreakerOptions } from "./kinde/health.ts";
export type { VerifyOptions } from "./kinde/verify.ts";

// The authorize pipeline and its HTTP answers

export type { AuthorizeDenial, DenialBody, DenialCode } from "./request/answers.ts";
export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizeSuccess,
} from "./request/authorize.ts";
export { authorize } from "./request/authorize.ts";
export type { RateLimitDecision, RateLimitOptions, RateLimitStore } from "./request/rate-limit.ts";
export { memoryRateLimitStore } from "./request/rate-limit.ts";

// Fetch handlers (Next.js route handlers, Workers, Bun, Deno, SvelteKit, Remix, Astro)

export type { KindeApiKeyHandler, WithKindeApiKeyOptions } from "./adapter/fetch.ts";
export { denialResponse, withKindeApiKey } from "./adapter/fetch.ts";

// Checks, each usable on its own

export type { KeyPattern } from "./key-format.ts";
export { isWellFormedApiKey, KINDE_API_KEY_PATTERN, MAX_API_KEY_LENGTH } from "./key-format.ts";
export { redactKey } from "./redact.ts";
export type { ExtractOptions, ExtractResult } from "./request/extract.ts";
export { extractApiKey } from "./request/extract.ts";
export type { CheckOwnerOptions, OwnerCheckResult, OwnerRequirement } from "./request/owner.ts";
export { checkOwner } from "./request/owner.ts";
export type { CheckScopesOptions, ScopeCheckResult, ScopeMode } from "./request/scopes.ts";
export { checkScopes } from "./request/scopes.ts";

// Audit trail and usage per owner

export type { AuditEvent, AuditOutcome, AuditSink } from "./audit/event.ts";
export type { AuditLoggerOptions } from "./audit/logger-sink.ts";
export { auditLogger } from "./audit/logger-sink.ts";
export type { AuditQueue, AuditQueueOptions } from "./audit/queue.ts";
export { createAuditQueue } from "./audit/queue.ts";
export type { MemoryUsageStoreOptions } from "./usage/memory-store.ts";
export { memoryUsageStore } from "./usage/memory-store.ts";
export type { UsageQuery, UsageRecorder, UsageRecorderOptions } from "./usage/recorder.ts";
export { createUsageRecorder } from "./usage/recorder.ts";
export type {
  UsageBucket,
  UsageCounts,
  UsageOwnerType,
  UsageRange,
  UsageRow,
  UsageStore,
} from "./usage/types.ts";
export { USAGE_COUNTERS } from "./usage/types.ts";

// The app's declarations (scope names)

export type { Register, RegisteredScope } from "./register.ts";

// Errors

export type { KindeKeysErrorCode, KindeKeysErrorOptions } from "./errors.ts";
export { isKindeKeysError, KindeKeysError } from "./errors.ts";

// Types shared by every part

export type {
  HeadersInput,
  InvalidKeyReason,
  KeyOwner,
  KeyOwnerType,
  KeyStatus,
  Logger,
  VerifiedApiKey,
  VerifyEvent,
  VerifyResult,
} from "./types.ts";
