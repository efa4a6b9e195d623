/**
 * @module apps/hono
 * The harness app in Hono (see `app.ts` for the routes). It answers Fetch `Request`s, so it runs
 * in process on any runtime, workerd included; the loopback drivers put it behind Node's `http`.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { BuildSpec } from "../app.ts";
import { HANDLER_ANSWER, NO_KEY } from "../app.ts";
import { routes } from "./routes.ts";

/** Builds the app; the result answers one Fetch request. */
export function honoApp(spec: BuildSpec<"hono">): (request: Request) => Promise<Response> {
  const answer: MiddlewareHandler = async (c) => {
    spec.handled.push(spec.adapter?.getKindeApiKey(c)?.keyId ?? NO_KEY);
    return c.body(HANDLER_ANSWER.body, HANDLER_ANSWER.status, HANDLER_ANSWER.headers);
  };
  const app = new Hono();
  for (const [path, handlers] of routes(spec, (c: Context) => c.req.param("org"), answer)) {
    app.get(path, ...(handlers as [MiddlewareHandler]));
  }
  return async (request) => app.fetch(request);
}
