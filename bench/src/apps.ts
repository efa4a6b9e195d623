/**
 * @module apps
 * The apps under test, built the same way for every framework: one `GET /hello` route answering
 * `{"hello":"world"}`, behind nothing (bare), the kinde-keys adapter with its default cache, the
 * adapter with `cache: false`, or the naive middleware from Kinde's docs.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createKindeKeys, type KindeKeysConfig } from "@acme/kinde-keys-core";
import { kindeApiKey as expressApiKey } from "@acme/kinde-keys-express";
import { kindeApiKey as honoApiKey } from "@acme/kinde-keys-hono";
import { kindeApiKey as koaApiKey } from "@acme/kinde-keys-koa";
import { getRequestListener } from "@hono/node-server";
import express, { type RequestHandler } from "express";
import { Hono, type MiddlewareHandler } from "hono";
import Koa, { type Middleware } from "koa";
import inject from "light-my-request";
import { type NaiveConfig, naiveExpress, naiveHono, naiveKoa } from "./naive.ts";

export const FRAMEWORKS = ["express", "hono", "koa"] as const;
/** A framework under test. */
export type Framework = (typeof FRAMEWORKS)[number];

export const VARIANTS = ["bare", "adapter", "no-cache", "naive"] as const;
/** What sits in front of the route. */
export type Variant = (typeof VARIANTS)[number];

/** Human names of the variants, for tables. */
export const VARIANT_LABELS: Record<Variant, string> = {
  bare: "bare framework",
  adapter: "adapter, warm cache",
  "no-cache": "adapter, cache off",
  naive: "naive (Kinde's docs)",
};

/** The fake Kinde the apps talk to. */
export interface KindeSetup extends NaiveConfig {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** An app, servable over HTTP and callable in-process. */
export interface BenchApp {
  /** The Node request listener, for `http.createServer`. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Sends one request in-process (no socket) and resolves with the status code. */
  inject(headers: Record<string, string>): Promise<number>;
}

const PATH = "/hello";
const BODY = { hello: "world" };

/** Client settings a measurement may override (an in-process `fetch`, cache settings). */
export type ClientOverrides = Pick<KindeKeysConfig, "fetch" | "cache">;

/** A kinde-keys client on the fake Kinde. */
export function benchClient(kinde: KindeSetup, overrides: ClientOverrides = {}) {
  return createKindeKeys({
    domain: kinde.origin,
    clientId: kinde.clientId,
    clientSecret: kinde.clientSecret,
    ...overrides,
  });
}

/** The adapter's middleware for `framework`, on `client`. */
export function adapterMiddleware(
  framework: "express",
  client: ReturnType<typeof benchClient>,
): RequestHandler;
export function adapterMiddleware(
  framework: "hono",
  client: ReturnType<typeof benchClient>,
): MiddlewareHandler;
export function adapterMiddleware(
  framework: "koa",
  client: ReturnType<typeof benchClient>,
): Middleware;
export function adapterMiddleware(framework: Framework, client: ReturnType<typeof benchClient>) {
  if (framework === "express") return expressApiKey({ client });
  if (framework === "hono") return honoApiKey({ client });
  return koaApiKey({ client });
}

function middlewareFor(
  framework: Framework,
  variant: Variant,
  kinde: KindeSetup,
  overrides: ClientOverrides,
) {
  switch (variant) {
    case "bare":
      return undefined;
    case "adapter":
    case "no-cache": {
      const client = benchClient(
        kinde,
        variant === "adapter" ? overrides : { ...overrides, cache: false },
      );
      if (framework === "express") return adapterMiddleware("express", client);
      if (framework === "hono") return adapterMiddleware("hono", client);
      return adapterMiddleware("koa", client);
    }
    case "naive":
      if (framework === "express") return naiveExpress(kinde);
      if (framework === "hono") return naiveHono(kinde);
      return naiveKoa(kinde);
  }
}

function expressApp(middleware: RequestHandler | undefined): BenchApp {
  const app = express();
  const handler: RequestHandler = (_req, res) => {
    res.json(BODY);
  };
  if (middleware) app.get(PATH, middleware, handler);
  else app.get(PATH, handler);
  return {
    listener: app,
    inject: async (headers) =>
      (await inject(app, { method: "GET", url: PATH, headers })).statusCode,
  };
}

function honoApp(middleware: MiddlewareHandler | undefined): BenchApp {
  const app = new Hono();
  if (middleware) app.use(PATH, middleware);
  app.get(PATH, (c) => c.json(BODY));
  return {
    listener: getRequestListener(app.fetch),
    inject: async (headers) => (await app.request(PATH, { headers })).status,
  };
}

function koaApp(middleware: Middleware | undefined): BenchApp {
  const app = new Koa();
  if (middleware) app.use(middleware);
  app.use((ctx) => {
    if (ctx.path === PATH) ctx.body = BODY;
  });
  const listener = app.callback();
  return {
    listener,
    inject: async (headers) =>
      (await inject(listener, { method: "GET", url: PATH, headers })).statusCode,
  };
}

/** Builds one app; `overrides` apply to the adapter variants' client. */
export function buildApp(
  framework: Framework,
  variant: Variant,
  kinde: KindeSetup,
  overrides: ClientOverrides = {},
): BenchApp {
  const middleware = middlewareFor(framework, variant, kinde, overrides);
  if (framework === "express") return expressApp(middleware as RequestHandler | undefined);
  if (framework === "hono") return honoApp(middleware as MiddlewareHandler | undefined);
  return koaApp(middleware as Middleware | undefined);
}

/** The route behind a middleware that only calls `next()`: what any middleware costs. */
export function buildNoopApp(framework: Framework): BenchApp {
  if (framework === "express") return expressApp((_req, _res, next) => next());
  if (framework === "hono") {
    return honoApp(async (_c, next) => {
      await next();
    });
  }
  return koaApp(async (_ctx, next) => {
    await next();
  });
}
