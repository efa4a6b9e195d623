/**
 * @module @acme/kinde-keys-koa
 * Koa middleware (Koa 2 and 3) that accepts Kinde API keys: `kindeApiKey()` verifies the key and
 * stores it on `ctx.state.kindeApiKey`; `requireScopes()` adds scopes per route. Core's API (types,
 * errors, `createKindeKeys`) is re-exported, so this is the only package a Koa app needs.
 */
export * from "@acme/kinde-keys-core";
export type { KindeApiKeyOptions } from "./middleware.ts";
export { kindeApiKey, requireScopes } from "./middleware.ts";
