/**
 * @module @acme/kinde-keys-fastify
 * Fastify plugin (Fastify 5) that accepts Kinde API keys: register `kindeApiKey` to verify the key
 * and store it on `request.kindeApiKey`; `requireScopes()` is a `preHandler` adding scopes per
 * route. What a Fastify app names besides (the client, errors, checks, key and refusal types) comes
 * from core's `app` list, written once for every adapter, so this is the only package such an app
 * needs; the adapter kit and the pipeline's plumbing are not on it.
 */
export * from "@acme/kinde-keys-core/app";
export { getKindeApiKey, requireKindeApiKey } from "./key.ts";
export type { KindeApiKeyOptions, KindeApiKeyRequest } from "./plugin.ts";
export { kindeApiKey, requireScopes } from "./plugin.ts";
