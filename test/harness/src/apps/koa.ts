/// <reference path="../majors.d.ts" />
/**
 * @module apps/koa
 * The harness app in Koa 3 or 2 (see `app.ts` for the routes), routed by `@koa/router`. Both majors
 * take the same adapter; Koa 2 is typed as 3.
 */
import type { RequestListener } from "node:http";
import type { Middleware, ParameterizedContext } from "koa";
import type { BuildSpec } from "../app.ts";
import { HANDLER_ANSWER, NO_KEY } from "../app.ts";
import { routes } from "./routes.ts";

/** Builds the app; the listener serves Node's `http` requests. */
export async function koaApp(
  major: "koa3" | "koa2",
  spec: BuildSpec<"koa3">,
): Promise<RequestListener> {
  const Koa = major === "koa3" ? (await import("koa")).default : (await import("koa2")).default;
  const { default: Router } = await import("@koa/router");
  const answer: Middleware = (ctx) => {
    spec.handled.push(ctx.state.kindeApiKey?.keyId ?? NO_KEY);
    ctx.set(HANDLER_ANSWER.headers);
    ctx.status = HANDLER_ANSWER.status;
    ctx.body = HANDLER_ANSWER.body;
  };
  const router = new Router();
  for (const [path, handlers] of routes(
    spec,
    (ctx: ParameterizedContext) => ctx.params.org,
    answer,
  )) {
    router.get(path, ...handlers);
  }
  const app = new Koa();
  // The suites judge the answers; Koa's own stderr report of an error would only repeat one.
  app.silent = true;
  app.use(router.routes());
  return app.callback();
}
