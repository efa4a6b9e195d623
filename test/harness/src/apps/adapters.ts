/**
 * @module apps/adapters
 * What the harness uses of each adapter package, in its framework's types: the adapters' tests hand
 * in their source, the reliability suite and the bench the published packages, and both must fit.
 */
import type { Request, RequestHandler } from "express";
import type { Context, MiddlewareHandler } from "hono";
import type { Middleware, ParameterizedContext } from "koa";
import type { AdapterLike } from "./routes.ts";

/** A request as an Express route's `orgCode` sees it: route parameters as strings. */
export type ExpressRouteRequest = Request<Record<string, string>>;

/** `@acme/kinde-keys-express`, as the harness uses it. */
export type ExpressAdapter = AdapterLike<RequestHandler, ExpressRouteRequest>;

/** `@acme/kinde-keys-koa`, as the harness uses it. */
export type KoaAdapter = AdapterLike<Middleware, ParameterizedContext>;

/** `@acme/kinde-keys-hono`, as the harness uses it: Hono keeps the key in the context. */
export interface HonoAdapter extends AdapterLike<MiddlewareHandler, Context> {
  getKindeApiKey(c: Context): { readonly keyId: string } | undefined;
}
