/**
 * @module apps/routes
 * The harness's routes, written once for every framework: each builder mounts the pairs this
 * returns with its own router, so the apps cannot drift apart.
 */
import type { KindeOptions } from "../app.ts";

/** An adapter module seen through one framework's handler and request-context types. */
export interface AdapterLike<Handler, Context> {
  kindeApiKey(
    options: Omit<KindeOptions, "orgCode"> & {
      orgCode?: string | ((context: Context) => string | undefined);
    },
  ): Handler;
  requireScopes(...scopes: string[]): Handler;
}

/** What decides the routes: an adapter with its options, a baseline middleware, or nothing. */
export interface RouteSpec<Handler, Context> {
  readonly adapter?: AdapterLike<Handler, Context> | undefined;
  readonly kinde?: KindeOptions | undefined;
  readonly routeScopes?: readonly string[] | undefined;
  readonly middleware?: Handler | undefined;
}

/**
 * The app's routes as `[path, handlers]` pairs, `answer` last in each.
 *
 * @param orgOf - Reads the `:org` route parameter from the framework's request context.
 */
export function routes<Handler, Context>(
  spec: RouteSpec<Handler, Context>,
  orgOf: (context: Context) => string | undefined,
  answer: Handler,
): [path: string, handlers: Handler[]][] {
  const { adapter, kinde = {}, routeScopes = [], middleware } = spec;
  if (middleware) return [["/things", [middleware, answer]]];
  if (!adapter) return [["/things", [answer]]];
  const things: [string, Handler[]] = ["/things", [adapter.kindeApiKey(kinde), answer]];
  const admin: [string, Handler[]] = [
    "/admin",
    [adapter.kindeApiKey(kinde), adapter.requireScopes(...routeScopes), answer],
  ];
  // An organization check needs a key: with the key optional, there is no org route.
  if (kinde.required === false) return [things, admin];
  return [
    things,
    ["/orgs/:org/things", [adapter.kindeApiKey({ ...kinde, orgCode: orgOf }), answer]],
    admin,
  ];
}
