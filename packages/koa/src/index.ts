/**
 * @module @acme/kinde-keys-koa
 * Koa middleware (Koa 2 and 3) that accepts Kinde API keys: `kindeApiKey()` verifies the key and
 * stores it on `ctx.state.kindeApiKey`; `requireScopes()` adds scopes per route. What a Koa app names
 * besides (the client, errors, checks, key and refusal types) comes from core's `app` list, written
 * once for every adapter, so this is the only package such an app needs; the adapter kit and the
 * pipeline's plumbing are not on it.
 */
export * from "@acme/kinde-keys-core/app";
export { getKindeApiKey, requireKindeApiKey } from "./key.ts";
export type { KindeApiKeyOptions } from "./middleware.ts";
export { kindeApiKey, requireScopes } from "./middleware.ts";
