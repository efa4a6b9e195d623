/**
 * @module key
 * Reading the key the `kindeApiKey` plugin stored on a Fastify request.
 */
import type { VerifiedApiKey } from "@acme/kinde-keys-core";
import { requireVerifiedKey } from "@acme/kinde-keys-core/adapter";
import type { FastifyRequest } from "fastify";
import type { kindeApiKey } from "./plugin.ts";

/**
 * The key {@link kindeApiKey} verified for this request, or `undefined` where it did not run.
 *
 * @example
 * ```ts
 * app.get("/me", (request) => ({ owner: getKindeApiKey(request)?.owner }));
 * ```
 */
export function getKindeApiKey(request: FastifyRequest): VerifiedApiKey | undefined {
  return request.kindeApiKey;
}

/**
 * The key {@link kindeApiKey} verified for this request.
 *
 * @throws {Error} when no key was verified: the route is outside the plugin's context, or the key
 * is optional there (`required: false`)
 * @example
 * ```ts
 * app.get("/me", (request) => requireKindeApiKey(request).owner);
 * ```
 */
export function requireKindeApiKey(request: FastifyRequest): VerifiedApiKey {
  return requireVerifiedKey(request.kindeApiKey, "request.kindeApiKey");
}
