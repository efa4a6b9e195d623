/**
 * @module @acme/kinde-keys-fastify
 * Fastify plugin (Fastify 5) that accepts Kinde API keys: register `kindeApiKey` to verify the key
 * and store it on `request.kindeApiKey`; `requireScopes()` is a `preHandler` adding scopes per
 * route. What a Fastify app names besides (the client, errors, checks, key and refusal types) is
 * re-exported from core by name, so this is the only package such an app needs; the adapter kit and
 * the pipeline's plumbing are not.
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
export type { KindeApiKeyOptions, KindeApiKeyRequest } from "./plugin.ts";
export { getKindeApiKey, kindeApiKey, requireScopes } from "./plugin.ts";
