/**
 * @module @acme/kinde-keys-core
 * Accept Kinde API keys in any Node or edge API: verify with Kinde, enforce scopes and the
 * organization/user boundary, rate-limit per key, and answer refusals with standard HTTP.
 */

export type {
  AIApplicationErrorCode,
  AIApplicationErrorOptions,
  AIApplicationOptions,
  AIRejection,
  AIResult,
  ProcessAIRequestOptions,
} from "./ai.ts";
export { AIApplication, AIApplicationError, isAIApplicationError } from "./ai.ts";
export type {
  AIGuardResult,
  AIGuardViolation,
  SanitizeAIInputOptions,
  ValidateAIResponseOptions,
} from "./ai-guards.ts";
export {
  MAX_AI_INPUT_LENGTH,
  MAX_AI_RESPONSE_LENGTH,
  sanitizeAIInput,
  validateAIResponse,
} from "./ai-guards.ts";
export type {
  AIProvider,
  AIProviderRequest,
  ContextOwner,
  LocalAIProviderOptions,
} from "./ai-provider.ts";
export { createLocalAIProvider } from "./ai-provider.ts";
export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizerDeps,
  AuthorizeSuccess,
} from "./authorize.ts";
export { authorizeScopes, createAuthorizer, unavailableDenial } from "./authorize.ts";
export type { CacheOptions, CacheStore } from "./cache.ts";
export { memoryCacheStore } from "./cache.ts";
export type { KindeKeys, KindeKeysConfig } from "./client.ts";
export { createKindeKeys } from "./client.ts";
export type { KindeConnectionConfig, KindeEnv } from "./config.ts";
export type { AuthorizeDenial, DenialBody, DenialCode } from "./denials.ts";
export { deny } from "./denials.ts";
export type { KindeKeysErrorCode, KindeKeysErrorOptions } from "./errors.ts";
export { isKindeKeysError, KindeKeysError } from "./errors.ts";
export type { ExtractOptions, ExtractResult } from "./extract.ts";
export { extractApiKey } from "./extract.ts";
export { isWellFormedApiKey, MAX_API_KEY_LENGTH } from "./key-format.ts";
export type {
  ApiKeyManager,
  CreateApiKeyInput,
  KeyRequestOptions,
  ListApiKeysOptions,
} from "./keys.ts";
export type { ApiKeyInfo, ApiKeyType, IssuedApiKey } from "./keys-schemas.ts";
export type { CheckOwnerOptions, OwnerCheckResult, OwnerRequirement } from "./owner.ts";
export { checkOwner } from "./owner.ts";
export type { RateLimitDecision, RateLimitOptions, RateLimitStore } from "./rate-limit.ts";
export { memoryRateLimitStore } from "./rate-limit.ts";
export { redactKey } from "./redact.ts";
export type { CheckScopesOptions, ScopeCheckResult, ScopeMode } from "./scopes.ts";
export { checkScopes } from "./scopes.ts";
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
