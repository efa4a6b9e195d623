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
} from "./ai/application.ts";
export { AIApplication, AIApplicationError, isAIApplicationError } from "./ai/application.ts";
export type {
  AIGuardResult,
  AIGuardViolation,
  SanitizeAIInputOptions,
  ValidateAIResponseOptions,
} from "./ai/guards.ts";
export {
  MAX_AI_INPUT_LENGTH,
  MAX_AI_RESPONSE_LENGTH,
  sanitizeAIInput,
  validateAIResponse,
} from "./ai/guards.ts";
export type {
  AIProvider,
  AIProviderRequest,
  ContextOwner,
  LocalAIProviderOptions,
} from "./ai/provider.ts";
export { createLocalAIProvider } from "./ai/provider.ts";
export type { KindeKeys, KindeKeysConfig } from "./client.ts";
export { createKindeKeys } from "./client.ts";
export type { KindeConnectionConfig, KindeEnv } from "./config.ts";
export type { KindeKeysErrorCode, KindeKeysErrorOptions } from "./errors.ts";
export { isKindeKeysError, KindeKeysError } from "./errors.ts";
export { isWellFormedApiKey, MAX_API_KEY_LENGTH } from "./key-format.ts";
export type { CacheOptions, CacheStore } from "./kinde/cache.ts";
export { memoryCacheStore } from "./kinde/cache.ts";
export type { VerifyOptions } from "./kinde/verify.ts";
export type {
  ApiKeyManager,
  CreateApiKeyInput,
  KeyRequestOptions,
  ListApiKeysOptions,
} from "./management/keys.ts";
export type { ApiKeyInfo, ApiKeyType, IssuedApiKey } from "./management/schemas.ts";
export { redactKey } from "./redact.ts";
export type { AuthorizeDenial, DenialBody, DenialCode } from "./request/answers.ts";
export { deny } from "./request/answers.ts";
export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizerDeps,
  AuthorizeSuccess,
} from "./request/authorize.ts";
export { createAuthorizer } from "./request/authorize.ts";
export type { ExtractOptions, ExtractResult } from "./request/extract.ts";
export { extractApiKey } from "./request/extract.ts";
export type { CheckOwnerOptions, OwnerCheckResult, OwnerRequirement } from "./request/owner.ts";
export { checkOwner } from "./request/owner.ts";
export type { RateLimitDecision, RateLimitOptions, RateLimitStore } from "./request/rate-limit.ts";
export { memoryRateLimitStore } from "./request/rate-limit.ts";
export type { CheckScopesOptions, ScopeCheckResult, ScopeMode } from "./request/scopes.ts";
export { checkScopes } from "./request/scopes.ts";
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
