/**
 * @module @acme/kinde-keys-express
 * Express middleware (Express 4 and 5) that accepts Kinde API keys: `kindeApiKey()` verifies the key
 * and stores it on `req.kindeApiKey`; `requireScopes()` adds scopes per route. Core's API (types,
 * errors, `createKindeKeys`) is re-exported, so this is the only package an Express app needs.
 */
export * from "@acme/kinde-keys-core";
export type { KindeApiKeyOptions, KindeApiKeyRequest } from "./middleware.ts";
export { kindeApiKey, requireScopes } from "./middleware.ts";
