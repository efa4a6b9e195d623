/**
 * @module @acme/kinde-keys-core
 * Accept Kinde API keys in any Node or edge API: verify with Kinde, enforce scopes and the
 * organization/user boundary, rate-limit per key, and answer refusals with standard HTTP.
 *
 * Other parts have entry points of their own, so an app bundles only what it uses:
 * `@acme/kinde-keys-core/management` (the key manager) and `@acme/kinde-keys-core/ai`
 * (`AIApplication`, guards, providers).
 */

// The client: configuration, verification, cache

export type { KindeKeys, KindeKeysConfig } from "./client.ts";
export { createKindeKeys } from "./client.ts";
export type { KindeConnectionConfig, KindeEnv } from "./config.ts";
export type { CacheOptions, CacheStore } from "./kinde/cache.ts";
export { memoryCacheStore } from "./kinde/cache.ts";
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

// Checks, each usable on its own

export { isWellFormedApiKey, MAX_API_KEY_LENGTH } from "./key-format.ts";
export { redactKey } from "./redact.ts";
export type { ExtractOptions, ExtractResult } from "./request/extract.ts";
export { extractApiKey } from "./request/extract.ts";
export type { CheckOwnerOptions, OwnerCheckResult, OwnerRequirement } from "./request/owner.ts";
export { checkOwner } from "./request/owner.ts";
export type { CheckScopesOptions, ScopeCheckResult, ScopeMode } from "./request/scopes.ts";
export { checkScopes } from "./request/scopes.ts";

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
