/**
 * @module @acme/kinde-keys-core/app
 * What an app names when it uses a framework adapter, besides the adapter itself: the client and its
 * settings, errors, the checks usable on their own, the stores, the audit sinks and usage recorder,
 * and the key and refusal types.
 * Every adapter re-exports this module whole, so the list is written once, here, by name; the
 * adapter kit and the pipeline's plumbing are not on it.
 */

export type {
  AuditEvent,
  AuditOutcome,
  AuditSink,
  AuthorizeDenial,
  CacheOptions,
  CacheStore,
  DenialBody,
  DenialCode,
  ExtractOptions,
  ExtractResult,
  HeadersInput,
  InvalidKeyReason,
  KeyOwner,
  KeyOwnerType,
  KindeEnv,
  KindeKeys,
  KindeKeysConfig,
  KindeKeysErrorCode,
  Logger,
  OwnerCheckResult,
  OwnerRequirement,
  RateLimitOptions,
  RateLimitStore,
  Register,
  RegisteredScope,
  ScopeCheckResult,
  ScopeMode,
  UsageQuery,
  UsageRecorder,
  UsageRow,
  UsageStore,
  VerifiedApiKey,
  VerifyEvent,
  VerifyResult,
} from "./index.ts";
export {
  auditLogger,
  checkOwner,
  checkScopes,
  createKindeKeys,
  createUsageRecorder,
  extractApiKey,
  isKindeKeysError,
  KindeKeysError,
  memoryCacheStore,
  memoryRateLimitStore,
  memoryUsageStore,
  redactKey,
} from "./index.ts";
