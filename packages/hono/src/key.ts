/**
 * @module key
 * Reading the key `kindeApiKey` stored on a Hono context.
 */
import type { VerifiedApiKey } from "@acme/kinde-keys-core";
import { requireVerifiedKey } from "@acme/kinde-keys-core/adapter";
import type { Context } from "hono";
import type { kindeApiKey } from "./middleware.ts";

/**
 * The key {@link kindeApiKey} verified for this request, or `undefined` where it did not run or
 * let the request through without one (`required: false`, a CORS preflight).
 *
 * @example
 * ```ts
 * app.get("/me", (c) => c.json({ owner: getKindeApiKey(c)?.owner }));
 * ```
 */
export function getKindeApiKey(c: Context): VerifiedApiKey | undefined {
  return c.get("kindeApiKey");
}

/**
 * The key {@link kindeApiKey} verified for this request.
 *
 * @throws {Error} when no key was verified: the route lacks `kindeApiKey()`, or the key is optional
 * there
 * @example
 * ```ts
 * app.get("/me", kindeApiKey(), (c) => c.json(requireKindeApiKey(c).owner));
 * ```
 */
export function requireKindeApiKey(c: Context): VerifiedApiKey {
  return requireVerifiedKey(getKindeApiKey(c), 'c.get("kindeApiKey")');
}
