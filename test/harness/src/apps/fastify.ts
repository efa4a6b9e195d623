/**
 * @module apps/fastify
 * The harness app in Fastify 5 (see `app.ts` for the routes). Each route lives in its own
 * encapsulated context with the `kindeApiKey` plugin registered there, and `requireScopes` as the
 * route's `preHandler`, as a Fastify app writes it. The listener is Fastify's own handler of Node
 * requests, taken from `serverFactory`.
 */
import { createServer, type RequestListener } from "node:http";
import type { BuildSpec } from "../app.ts";
import { HANDLER_ANSWER, NO_KEY } from "../app.ts";
import type { FastifyRouteRequest } from "./adapters.ts";
import { routes } from "./routes.ts";
import { ANSWER, readSteps, type Step, stepAdapter } from "./steps.ts";

/** Builds the app; the listener serves Node's `http` requests. */
export async function fastifyApp(spec: BuildSpec<"fastify">): Promise<RequestListener> {
  const { default: Fastify } = await import("fastify");
  let listener: RequestListener | undefined;
  const app = Fastify({
    serverFactory: (handler) => {
      listener = handler;
      return createServer(handler);
    },
  });
  const plugin = spec.adapter;
  const adapter = plugin ? stepAdapter<FastifyRouteRequest>() : undefined;
  const orgOf = (request: FastifyRouteRequest) => request.params.org;
  for (const [path, steps] of routes(
    { ...spec, adapter },
    orgOf,
    ANSWER as Step<FastifyRouteRequest>,
  )) {
    const { check, scopes } = readSteps(steps);
    app.register(async (scope) => {
      if (plugin && check) await scope.register(plugin.kindeApiKey, check);
      const preHandler = plugin && scopes ? [plugin.requireScopes(...scopes)] : [];
      scope.get(path, { preHandler }, async (request, reply) => {
        spec.handled.push(plugin?.getKindeApiKey(request)?.keyId ?? NO_KEY);
        return reply
          .code(HANDLER_ANSWER.status)
          .headers(HANDLER_ANSWER.headers)
          .send(HANDLER_ANSWER.body);
      });
    });
  }
  await app.ready();
  if (!listener) throw new Error("Fastify did not hand over its request handler");
  return listener;
}
