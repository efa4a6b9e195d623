/**
 * @module @acme/kinde-keys-hono
 * Hono middleware (Hono 4, any runtime: Node, Bun, Deno, Cloudflare Workers, Vercel Edge) that
 * accepts Kinde API keys: `kindeApiKey()` verifies the key and stores it in `c.get("kindeApiKey")`;
 * `requireScopes()` adds scopes per route. Core's API (types, errors, `createKindeKeys`) is
 * re-exported, so this is the only package a Hono app needs.
 */
export * from "@acme/kinde-keys-core";
export type { KindeApiKeyOptions } from "./middleware.ts";
export { getKindeApiKey, kindeApiKey, requireScopes } from "./middleware.ts";
