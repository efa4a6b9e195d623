/**
 * @module key
 * Reading the key `kindeApiKey` stored on an Express request.
 */
import type { VerifiedApiKey } from "@acme/kinde-keys-core";
import { requireVerifiedKey } from "@acme/kinde-keys-core/adapter";
import type { Request } from "express";
import type { kindeApiKey } from "./middleware.ts";

/**
 * The key {@link kindeApiKey} verified for this request, or `undefined` where it did not run or
 * let the request through without one (`required: false`, a CORS preflight).
 *
 * @example
 * ```ts
 * app.get("/search", kindeApiKey({ required: false }), (req, res) =>
 *   res.json({ personalised: getKindeApiKey(req) !== undefined }),
 * );
 * ```
 */
export function getKindeApiKey(req: Request): VerifiedApiKey | undefined {
  return req.kindeApiKey;
}

/**
 * The key {@link kindeApiKey} verified for this request.
 *
 * @throws {Error} when no key was verified: the route lacks `kindeApiKey()`, or the key is optional
 * there
 * @example
 * ```ts
 * app.get("/me", kindeApiKey(), (req, res) => res.json(requireKindeApiKey(req).owner));
 * ```
 */
export function requireKindeApiKey(req: Request): VerifiedApiKey {
  return requireVerifiedKey(req.kindeApiKey, "req.kindeApiKey");
}
