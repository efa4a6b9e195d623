/**
 * @module middleware
 * Hono glue for the Kinde API-key pipeline, on any runtime, built on core's adapter kit. Given a
 * `client`, the gate compiles the pipeline once, when the app is set up; without one it builds the
 * client on the first request, once, from Hono's `env(c)` (Cloudflare Workers bindings exist only
 * inside a request). This file only stores the key with `c.set("kindeApiKey", …)` or answers the
 * refusal as it is (the audited variant is in `audit.ts`, the key's accessors in `key.ts`).
 */
import type {
  AuthorizeDenial,
  KindeEnv,
  RegisteredScope,
  VerifiedApiKey,
} from "@acme/kinde-keys-core";
import {
  type AdapterOptions,
  andThen,
  createGate,
  createRequestAudit,
  createScopeCheck,
  factoryMisuse,
  type GateOutcome,
} from "@acme/kinde-keys-core/adapter";
import type { Context, MiddlewareHandler, Next } from "hono";
import { env } from "hono/adapter";
import { auditAccess, auditedHandler } from "./audit.ts";
import { getKindeApiKey } from "./key.ts";

declare module "hono" {
  interface ContextVariableMap {
    /**
     * The API key `kindeApiKey` verified for this request; set before any later handler runs.
     * Read it with `requireKindeApiKey(c)`, or `getKindeApiKey(c)` where the key is optional.
     */
    kindeApiKey: VerifiedApiKey;
  }
}

/**
 * Options of {@link kindeApiKey}: a `client` (or the settings to build one, once, on the first
 * request, from these options over `env(c)`: Workers bindings on Cloudflare, `process.env` on Node,
 * Bun and Deno) and the route's rules. `orgCode` may be a function of the context, e.g.
 * `(c) => c.req.param("org")`.
 */
export type KindeApiKeyOptions<Scope extends string = RegisteredScope> = AdapterOptions<
  Scope,
  Context
>;

/**
 * Requires a valid Kinde API key (RFC 6750 `Authorization: Bearer …` by default). Refusals are
 * answered with core's status, headers and JSON body; on success the key is in
 * `c.get("kindeApiKey")` and the rate-limit headers, if any, are set on the response. A client that
 * cannot be built from `env(c)` (`CONFIG_INVALID`) answers 503, and is tried again next request.
 *
 * @example
 * ```ts
 * app.get("/orgs/:org/reports", kindeApiKey({ scopes: ["read:reports"], orgCode: (c) => c.req.param("org") }),
 *   (c) => c.json({ owner: requireKindeApiKey(c).owner }));
 * ```
 * @param misuse - Nothing: present only when the factory itself was registered
 * (`app.use(kindeApiKey)`), which is answered with core's 503 and one logged line.
 */
export function kindeApiKey<Scope extends string = RegisteredScope>(
  options: KindeApiKeyOptions<Scope> = {},
  ...misuse: never[]
): MiddlewareHandler {
  const refusal = factoryMisuse("kindeApiKey", misuse);
  // Called as a middleware, `options` is the context: Hono sends the Response returned to it.
  if (refusal) return answer(options as unknown as Context, refusal) as never;
  const gate = createGate(options, {
    headers: (_names, c: Context) => c.req.raw.headers,
    signal: (c) => c.req.raw.signal,
    method: (c) => c.req.method,
    env: (c) => env<KindeEnv>(c),
  });
  const audit = createRequestAudit(options.audit, auditAccess, options.logger);
  if (audit) return auditedHandler(gate, audit, proceed);
  // `proceed` answers a promise either way; a warm cache just skips the hop before it.
  return (c, next) =>
    andThen(gate(c), (outcome) => proceed(c, next, outcome)) as Promise<Response | undefined>;
}

/**
 * Requires scopes on one route, after {@link kindeApiKey} has run (for example at app level).
 * Answers 403 `INSUFFICIENT_SCOPE` when a scope is missing, 401 when no key was verified.
 *
 * @example
 * ```ts
 * app.use("/api/*", kindeApiKey());
 * app.post("/api/reports", requireScopes("write:reports"), createReport);
 * ```
 */
export function requireScopes<Scope extends RegisteredScope>(
  ...scopes: Scope[]
): MiddlewareHandler {
  const check = createScopeCheck(scopes);
  return async (c, next) => {
    const outcome = check(getKindeApiKey(c));
    return outcome.ok ? next() : answer(c, outcome);
  };
}

/**
 * Answers a refusal, or runs the route with the key and then sets the outcome's headers. Not
 * `async`: one promise (`next()`'s, chained) instead of an async frame per request.
 */
function proceed(c: Context, next: Next, outcome: GateOutcome): Promise<Response | undefined> {
  if (!outcome.ok) return Promise.resolve(answer(c, outcome));
  if (outcome.key) c.set("kindeApiKey", outcome.key);
  const { headers } = outcome;
  // After the handler, so the fields reach any response it returns, even a `new Response(…)`.
  // `undefined`, not what `next()` resolves to: a middleware's value replaces Hono's response.
  return next().then(() => {
    for (const name in headers) c.header(name, headers[name]);
    return undefined;
  });
}

/** Answers a refusal; core checked its status is a 4xx or 5xx and its headers writable. */
function answer(c: Context, denial: AuthorizeDenial): Response {
  return c.body(JSON.stringify(denial.body), denial.status, denial.headers);
}
