/// <reference path="../majors.d.ts" />
/**
 * @module apps/express
 * The harness app in Express 5 or 4 (see `app.ts` for the routes). Both majors take the same
 * adapter; Express 4 is typed as 5, whose handler types it accepts.
 */
import type { RequestListener } from "node:http";
import type { RequestHandler } from "express";
import type { BuildSpec } from "../app.ts";
import { HANDLER_ANSWER, NO_KEY } from "../app.ts";
import type { ExpressRouteRequest } from "./adapters.ts";
import { routes } from "./routes.ts";

/** Builds the app; the listener serves Node's `http` requests. */
export async function expressApp(
  major: "express5" | "express4",
  spec: BuildSpec<"express5">,
): Promise<RequestListener> {
  const express =
    major === "express5" ? (await import("express")).default : (await import("express4")).default;
  const app = express();
  app.disable("x-powered-by");
  const answer: RequestHandler = (req, res) => {
    const key = (req as { kindeApiKey?: { keyId: string } }).kindeApiKey;
    spec.handled.push(key?.keyId ?? NO_KEY);
    res.status(HANDLER_ANSWER.status).set(HANDLER_ANSWER.headers).send(HANDLER_ANSWER.body);
  };
  for (const [path, handlers] of routes(
    spec,
    (req: ExpressRouteRequest) => req.params.org,
    answer,
  )) {
    app.get(path, ...handlers);
  }
  return app;
}
