/**
 * @module @acme/kinde-keys-koa
 * Koa middleware (Koa 2 and 3) that accepts Kinde API keys: `kindeApiKey()` verifies the key and
 * stores it on `ctx.state.kindeApiKey`; `requireScopes()` adds scopes per route. What a Koa app names
 * besides (the client, errors, checks, key and refusal types) is re-exported from core by name, so
 * this is the only package such an app needs; the adapter kit and the pipeline's plumbing are not.
 */
export type {
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
  VerifiedApiKey,
  VerifyEvent,
  VerifyResult,
} from "@acme/kinde-keys-core";
export {
  checkOwner,
  checkScopes,
  createKindeKeys,
  extractApiKey,
  isKindeKeysError,
  KindeKeysError,
  memoryCacheStore,
  memoryRateLimitStore,
  redactKey,
} from "@acme/kinde-keys-core";
export type { KindeApiKeyOptions } from "./middleware.ts";
export {
  getKindeApiKey,
  kindeApiKey,
  requireKindeApiKey,
  requireScopes,
} from "./middleware.ts";
