/**
 * @module key
 * Reading the key `kindeApiKey` stored on a Koa context.
 */
import type { VerifiedApiKey } from "@acme/kinde-keys-core";
import { requireVerifiedKey } from "@acme/kinde-keys-core/adapter";
import type { ParameterizedContext } from "koa";
import type { kindeApiKey } from "./middleware.ts";

/**
 * The key {@link kindeApiKey} verified for this request, or `undefined` where it did not run or
 * let the request through without one (`required: false`, a CORS preflight).
 *
 * @example
 * ```ts
 * router.get("/search", kindeApiKey({ required: false }), (ctx) => {
 *   ctx.body = { personalised: getKindeApiKey(ctx) !== undefined };
 * });
 * ```
 */
export function getKindeApiKey(ctx: ParameterizedContext): VerifiedApiKey | undefined {
  return ctx.state.kindeApiKey;
}

/**
 * The key {@link kindeApiKey} verified for this request.
 *
 * @throws {Error} when no key was verified: the route lacks `kindeApiKey()`, or the key is optional
 * there
 * @example
 * ```ts
 * router.get("/me", kindeApiKey(), (ctx) => {
 *   ctx.body = requireKindeApiKey(ctx).owner;
 * });
 * ```
 */
export function requireKindeApiKey(ctx: ParameterizedContext): VerifiedApiKey {
  return requireVerifiedKey(ctx.state.kindeApiKey, "ctx.state.kindeApiKey");
}
