/**
 * @module apps
 * The apps under test: the harness's (`@internal/harness`), one per framework as the published
 * adapters support it, with `GET /things` behind nothing (bare), the kinde-keys adapter with its
 * default cache, the adapter with `cache: false`, or the naive middleware from Kinde's docs.
 */
import * as express from "@acme/kinde-keys-express";
import * as hono from "@acme/kinde-keys-hono";
import * as koa from "@acme/kinde-keys-koa";
import type { FakeClientConfig } from "@acme/kinde-keys-testing";
import { type App, type KindeOptions, makeApp } from "@internal/harness";
import type { RequestHandler } from "express";
import type { MiddlewareHandler } from "hono";
import type { Middleware } from "koa";
import { type NaiveConfig, naiveExpress, naiveHono, naiveKoa } from "./naive.ts";

export const FRAMEWORKS = ["express", "hono", "koa"] as const;
/** A framework under test, by its adapter's package. */
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

/** The route every app serves, and the one the load is sent to. */
export const PATH = "/things";

/** The fake Kinde the apps talk to: a client's settings for it, and the naive middleware's. */
export interface KindeSetup extends NaiveConfig {
  readonly client: FakeClientConfig;
}

/** Client settings a measurement may override (an in-process `fetch`, cache, verify budget). */
export type ClientOverrides = Pick<KindeOptions, "fetch" | "cache" | "verifyBudget">;

/** The kinde-keys options of the adapter variants: the default cache unless `overrides` say. */
function adapterOptions(kinde: KindeSetup, overrides: ClientOverrides): KindeOptions {
  return { ...kinde.client, cache: {}, ...overrides };
}

/** The adapter's middleware for `framework` on its own, for direct calls. */
export function adapterMiddleware(framework: "express", options: KindeOptions): RequestHandler;
export function adapterMiddleware(framework: "hono", options: KindeOptions): MiddlewareHandler;
export function adapterMiddleware(framework: "koa", options: KindeOptions): Middleware;
export function adapterMiddleware(framework: Framework, options: KindeOptions) {
  if (framework === "express") return express.kindeApiKey(options);
  if (framework === "hono") return hono.kindeApiKey(options);
  return koa.kindeApiKey(options);
}

/** Builds one app; `overrides` apply to the adapter variants' client. */
export function buildApp(
  framework: Framework,
  variant: Variant,
  kinde: KindeSetup,
  overrides: ClientOverrides = {},
): Promise<App> {
  if (variant === "bare") return bareApp(framework);
  if (variant === "naive") {
    if (framework === "express") return makeApp("express5", { middleware: naiveExpress(kinde) });
    if (framework === "hono") return makeApp("hono", { middleware: naiveHono(kinde) });
    return makeApp("koa3", { middleware: naiveKoa(kinde) });
  }
  const options = adapterOptions(
    kinde,
    variant === "adapter" ? overrides : { ...overrides, cache: false },
  );
  if (framework === "express") return makeApp("express5", { adapter: express, kinde: options });
  if (framework === "hono") return makeApp("hono", { adapter: hono, kinde: options });
  return makeApp("koa3", { adapter: koa, kinde: options });
}

/** The route with nothing in front of it. */
function bareApp(framework: Framework): Promise<App> {
  return makeApp(framework === "express" ? "express5" : framework === "koa" ? "koa3" : "hono");
}

/** The route behind a middleware that only calls `next()`: what any middleware costs. */
export function buildNoopApp(framework: Framework): Promise<App> {
  if (framework === "express")
    return makeApp("express5", { middleware: (_req, _res, next) => next() });
  if (framework === "hono") {
    return makeApp("hono", {
      middleware: async (_c, next) => {
        await next();
      },
    });
  }
  return makeApp("koa3", {
    middleware: async (_ctx, next) => {
      await next();
    },
  });
}
