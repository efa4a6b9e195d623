/**
 * @module app
 * `makeApp(framework, options)`: the app every suite drives, built the same way in each framework.
 * Three routes, each ending in a handler that records the key it sees and answers
 * {@link HANDLER_ANSWER}:
 *
 * - `GET /things`: `kindeApiKey(kinde)`
 * - `GET /orgs/:org/things`: `kindeApiKey({ ...kinde, orgCode: <the route's org parameter> })`
 * - `GET /admin`: `kindeApiKey(kinde)`, then `requireScopes(...routeScopes)`
 *
 * The adapter comes in as a module rather than an import: an adapter's own tests hand in its
 * source, the reliability suite and the bench the published package. Each framework's builder is
 * loaded only when asked for, so a Hono app builds inside workerd without Express or Koa.
 */
import type { RequestListener } from "node:http";
import type {
  AuditEvent,
  AuthorizeOptions,
  KindeKeys,
  KindeKeysConfig,
} from "@acme/kinde-keys-core";
import type { RequestHandler } from "express";
import type { MiddlewareHandler } from "hono";
import type { Middleware } from "koa";
import type {
  ExpressAdapter,
  FastifyAdapter,
  FetchHelper,
  HonoAdapter,
  KoaAdapter,
} from "./apps/adapters.ts";

/**
 * The frameworks (and major versions) the adapters support; `fetch` is core's Fetch helper
 * (`withKindeApiKey`) behind a plain `(request) => Response` router.
 */
export type Framework = "express5" | "express4" | "koa3" | "koa2" | "hono" | "fastify" | "fetch";

/** Every framework, in the order the suites report them. */
export const FRAMEWORKS: readonly Framework[] = [
  "express5",
  "express4",
  "koa3",
  "koa2",
  "hono",
  "fastify",
  "fetch",
];

/** The route a request goes to unless it names another. */
export const DEFAULT_PATH = "/things";

/** The handlers' answer, identical in every framework so that successes compare too. */
export const HANDLER_ANSWER = {
  status: 200,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: '{"ok":true}',
} as const;

/** What a handler records when no key was stored on the request. */
export const NO_KEY = "(no key)";

/**
 * Options handed to every `kindeApiKey` of an app: a client or the settings to build one, and the
 * route's rules. The org route sets its own `orgCode`.
 */
export interface KindeOptions extends Omit<AuthorizeOptions, "orgCode">, KindeKeysConfig {
  /** A client to share between the app's middlewares. */
  client?: KindeKeys;
  /** A fixed organization; the org route replaces it with its parameter. */
  orgCode?: string;
  /** The audit sink. */
  audit?: (event: AuditEvent) => void | PromiseLike<void>;
}

/** The adapter module each framework takes. */
export type AdapterFor<F extends Framework> = F extends "express5" | "express4"
  ? ExpressAdapter
  : F extends "koa3" | "koa2"
    ? KoaAdapter
    : F extends "fastify"
      ? FastifyAdapter
      : F extends "fetch"
        ? FetchHelper
        : HonoAdapter;

/** A middleware of the framework (the baselines); Fastify and the Fetch helper have none here. */
export type MiddlewareFor<F extends Framework> = F extends "express5" | "express4"
  ? RequestHandler
  : F extends "koa3" | "koa2"
    ? Middleware
    : F extends "hono"
      ? MiddlewareHandler
      : never;

/** What to put in front of the routes. With neither `adapter` nor `middleware`, nothing (bare). */
export interface AppOptions<F extends Framework> {
  /** The adapter: its source in its own tests, the published package elsewhere. */
  adapter?: AdapterFor<F>;
  /** Options of every `kindeApiKey` the app mounts. */
  kinde?: KindeOptions;
  /** Scopes `requireScopes` asks for on `GET /admin`. @default [] */
  routeScopes?: readonly string[];
  /** A middleware to put in front of `GET /things` instead of the adapter (baselines). */
  middleware?: MiddlewareFor<F>;
}

/** What every app has: its framework and what its handlers saw. */
interface AppBase {
  readonly framework: Framework;
  /** Key ids the handlers saw, in order; {@link NO_KEY} for a request without one. */
  readonly handled: readonly string[];
}

/** An app that serves Node's `http` requests (Express, Koa, Fastify). */
export interface NodeApp extends AppBase {
  readonly listener: RequestListener;
  readonly fetch?: undefined;
}

/** An app that answers Fetch requests (Hono, the Fetch helper). */
export interface FetchApp extends AppBase {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly listener?: undefined;
}

/** A built app. */
export type App = NodeApp | FetchApp;

/** What a driver needs: a Node request listener or a Fetch handler (a harness app, or your own). */
export type Servable = Pick<NodeApp, "listener" | "fetch"> | Pick<FetchApp, "listener" | "fetch">;

/** What a framework's builder gets: the options and where to record what the handlers saw. */
export interface BuildSpec<F extends Framework> extends AppOptions<F> {
  readonly handled: string[];
}

/**
 * Builds `framework`'s app.
 *
 * @example
 * ```ts
 * import * as adapter from "@acme/kinde-keys-express";
 * const app = await makeApp("express5", { adapter, kinde: fake.clientConfig() });
 * ```
 */
export async function makeApp<F extends Framework>(
  framework: F,
  options: AppOptions<F> = {},
): Promise<App> {
  const handled: string[] = [];
  const spec = { ...options, handled };
  switch (framework) {
    case "express5":
    case "express4": {
      const { expressApp } = await import("./apps/express.ts");
      const listener = await expressApp(framework, spec as BuildSpec<"express5">);
      return { framework, handled, listener };
    }
    case "koa3":
    case "koa2": {
      const { koaApp } = await import("./apps/koa.ts");
      const listener = await koaApp(framework, spec as BuildSpec<"koa3">);
      return { framework, handled, listener };
    }
    case "fastify": {
      const { fastifyApp } = await import("./apps/fastify.ts");
      const listener = await fastifyApp(spec as BuildSpec<"fastify">);
      return { framework, handled, listener };
    }
    case "fetch": {
      const { fetchApp } = await import("./apps/fetch.ts");
      return { framework, handled, fetch: fetchApp(spec as BuildSpec<"fetch">) };
    }
    default: {
      const { honoApp } = await import("./apps/hono.ts");
      return { framework, handled, fetch: honoApp(spec as BuildSpec<"hono">) };
    }
  }
}
