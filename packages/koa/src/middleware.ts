/**
 * @module middleware
 * Koa glue for the Kinde API-key pipeline, built on core's adapter kit: the gate builds the client
 * and compiles the pipeline once, when the app is set up, and per request decides from the headers
 * of `ctx.req` (with an abort signal should the client go away while Kinde is asked). This file only
 * stores the key on `ctx.state.kindeApiKey` or sets the refusal as the response (the audited variant
 * is in `audit.ts`, the key's accessors in `key.ts`). Nothing is thrown to Koa's error handler,
 * which would answer 500.
 */
import type { RegisteredScope, VerifiedApiKey } from "@acme/kinde-keys-core";
import {
  type AdapterOptions,
  andThen,
  createGate,
  createRequestAudit,
  createScopeCheck,
  factoryMisuse,
  type GateOutcome,
  nodeAbortSignal,
  nodeHeaders,
} from "@acme/kinde-keys-core/adapter";
import type { Middleware, Next, ParameterizedContext } from "koa";
import { auditAccess, auditedMiddleware } from "./audit.ts";

declare module "koa" {
  interface DefaultState {
    /**
     * The API key `kindeApiKey` verified for this request; set before any later middleware runs.
     * Optional because Koa cannot know which routes have the middleware: read it with
     * `requireKindeApiKey(ctx)` (or `getKindeApiKey(ctx)` where the key is optional).
     */
    kindeApiKey?: VerifiedApiKey;
  }
}

/**
 * Options of {@link kindeApiKey}: a `client` (or the settings to build one, once, when the
 * middleware is created) and the route's rules. `orgCode` may be a function of the context, e.g.
 * `(ctx) => ctx.params.org` with `@koa/router`.
 */
export type KindeApiKeyOptions<Scope extends string = RegisteredScope> = AdapterOptions<
  Scope,
  ParameterizedContext
>;

/**
 * Koa middleware that lets a request go on down the stack only with a valid Kinde API key (RFC 6750
 * `Authorization: Bearer …` unless `header` names another field), the key then on
 * `ctx.state.kindeApiKey` and any rate-limit fields on the response. Otherwise the response is
 * core's refusal (status, headers, JSON body) and later middleware never runs.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` at creation when no `client` is given and the settings
 * (or `KINDE_*` environment variables) are missing or unsafe
 * @example
 * ```ts
 * const router = new Router();
 * router.get("/orgs/:org/reports", kindeApiKey({ orgCode: (ctx) => ctx.params.org }), (ctx) => {
 *   ctx.body = { owner: requireKindeApiKey(ctx).owner };
 * });
 * ```
 * @param misuse - Nothing: present only when the factory itself was registered
 * (`app.use(kindeApiKey)`), which is answered with core's 503 and one logged line.
 */
export function kindeApiKey<Scope extends string = RegisteredScope>(
  options: KindeApiKeyOptions<Scope> = {},
  ...misuse: never[]
): Middleware {
  const refusal = factoryMisuse("kindeApiKey", misuse);
  if (refusal) {
    // Called as a middleware: `options` is the context; the refusal becomes the response.
    respond(refusal, options as unknown as ParameterizedContext, async () => {});
    return async () => {};
  }
  const gate = createGate(options, {
    headers: (names, ctx: ParameterizedContext) => nodeHeaders(ctx.req, names),
    signal: (ctx) => nodeAbortSignal(ctx.res),
    method: (ctx) => ctx.req.method ?? "GET",
  });
  const audit = createRequestAudit(options.audit, auditAccess, options.logger);
  if (audit) return auditedMiddleware(gate, audit, respond);
  // A warm cache answers at once: respond without a microtask hop.
  return (ctx, next) => andThen(gate(ctx), (outcome) => respond(outcome, ctx, next));
}

/**
 * Requires scopes on one route, after {@link kindeApiKey} has run (for example at app level).
 * Answers 403 `INSUFFICIENT_SCOPE` when a scope is missing, 401 when no key was verified.
 *
 * @example
 * ```ts
 * app.use(kindeApiKey());
 * router.post("/reports", requireScopes("write:reports"), createReport);
 * ```
 */
export function requireScopes<Scope extends RegisteredScope>(...scopes: Scope[]): Middleware {
  const check = createScopeCheck(scopes);
  return async (ctx, next) => {
    await respond(check(ctx.state.kindeApiKey), ctx, next);
  };
}

/**
 * Runs the rest of the chain with the key, or makes the refusal the response. Not `async`: handing
 * back `next()`'s own promise spares every request two promise hops.
 */
function respond(
  outcome: GateOutcome,
  ctx: ParameterizedContext,
  next: Next,
): Promise<void> | undefined {
  ctx.set(outcome.headers);
  if (!outcome.ok) {
    ctx.status = outcome.status;
    ctx.body = JSON.stringify(outcome.body);
    return undefined;
  }
  ctx.state.kindeApiKey = outcome.key;
  return next();
}
