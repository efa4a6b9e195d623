/**
 * @module apps/adapters
 * What the harness uses of each adapter package, in its framework's types: the adapters' tests hand
 * in their source, the reliability suite and the bench the published packages, and both must fit.
 */
import type { Request, RequestHandler } from "express";
import type { FastifyPluginAsync, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { Context, MiddlewareHandler } from "hono";
import type { Middleware, ParameterizedContext } from "koa";
import type { KindeOptions } from "../app.ts";
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

/** A request as a Fastify route's `orgCode` sees it: route parameters as strings. */
export type FastifyRouteRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

/** Options of a route's check, with `orgCode` a function of the framework's request. */
export type RouteOptions<Context> = Omit<KindeOptions, "orgCode"> & {
  orgCode?: string | ((context: Context) => string | undefined);
};

/**
 * `@acme/kinde-keys-fastify`, as the harness uses it: a plugin registered per route context and a
 * `preHandler` per route, rather than middleware factories.
 */
export interface FastifyAdapter {
  kindeApiKey: FastifyPluginAsync<RouteOptions<FastifyRouteRequest>>;
  requireScopes(...scopes: string[]): preHandlerAsyncHookHandler;
  getKindeApiKey(request: FastifyRequest): { readonly keyId: string } | undefined;
}

/** A Fetch request (this module's `Request` is Express's). */
type FetchRequest = globalThis.Request;

/** Core's Fetch helper (`@acme/kinde-keys-core`), as the harness uses it. */
export interface FetchHelper {
  withKindeApiKey(
    handler: (
      request: FetchRequest,
      key: { readonly keyId: string },
    ) => Response | Promise<Response>,
    options?: RouteOptions<FetchRequest> & { route?: string },
  ): (request: FetchRequest) => Promise<Response>;
}
