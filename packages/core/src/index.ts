/**
 * @module @acme/kinde-keys-core
 * Accept Kinde API keys in any Node or edge API: verify with Kinde, enforce scopes and the
 * organization/user boundary, rate-limit per key, and answer refusals with standard HTTP.
 */
export { createAuthorizer, authorizeScopes } from "./authorize.ts";
export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  AuthorizeSuccess,
  Authorizer,
  AuthorizerDeps,
} from "./authorize.ts";
export { memoryCacheStore } from "./cache.ts";
export type { CacheOptions, CacheStore } from "./cache.ts";
export { createKindeKeys } from "./client.ts";
export type { KindeKeys, KindeKeysConfig } from "./client.ts";
export type { KindeConnectionConfig, KindeEnv } from "./config.ts";
export { deny } from "./denials.ts";
export type { AuthorizeDenial, DenialBody, DenialCode } from "./denials.ts";
export { KindeKeysError, isKindeKeysError } from "./errors.ts";
export type { KindeKeysErrorCode, KindeKeysErrorOptions } from "./errors.ts";
export { extractApiKey } from "./extract.ts";
export type { ExtractOptions, ExtractResult } from "./extract.ts";
export { MAX_API_KEY_LENGTH, isWellFormedApiKey } from "./key-format.ts";
export { checkOwner } from "./owner.ts";
export type { CheckOwnerOptions, OwnerCheckResult, OwnerRequirement } from "./owner.ts";
export { memoryRateLimitStore } from "./rate-limit.ts";
export type { RateLimitDecision, RateLimitOptions, RateLimitStore } from "./rate-limit.ts";
export { redactKey } from "./redact.ts";
export { checkScopes } from "./scopes.ts";
export type { CheckScopesOptions, ScopeCheckResult, ScopeMode } from "./scopes.ts";
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
export type { VerifyOptions } from "./verify.ts";
