/**
 * @module middleware
 * Hono glue for the Kinde API-key pipeline, on any runtime. Given a `client`, `kindeApiKey` compiles
 * the pipeline once, when the app is set up; without one it builds the client on the first request,
 * once, from Hono's `env(c)` (Cloudflare Workers bindings exist only inside a request). Per request it
 * hands the headers to core and either stores the verified key with `c.set("kindeApiKey", …)` or
 * answers core's refusal as it is, so Hono answers exactly like the Express and Koa adapters.
 */
import {
  type AuthorizeDenial,
  type AuthorizeOptions,
  type AuthorizeResult,
  type Authorizer,
  authorizeScopes,
  createKindeKeys,
  type KindeEnv,
  type KindeKeys,
  type KindeKeysConfig,
  unavailableDenial,
  type VerifiedApiKey,
} from "@acme/kinde-keys-core";
import type { Context, MiddlewareHandler } from "hono";
import { env } from "hono/adapter";

declare module "hono" {
  interface ContextVariableMap {
    /** The API key `kindeApiKey` verified for this request; set before any later handler runs. */
    kindeApiKey: VerifiedApiKey;
  }
}

/**
 * Options of {@link kindeApiKey}: a client (or the settings to build one) and the route's rules.
 * `orgCode` may be a function of the context, e.g. `(c) => c.req.param("org")`.
 */
export interface KindeApiKeyOptions<Scope extends string = string>
  extends Omit<AuthorizeOptions<Scope, Context>, "scopes">,
    KindeKeysConfig {
  /**
   * A client from `createKindeKeys`, to share its cache and rate-limit counts between middlewares.
   * When set, the connection settings of these options are ignored.
   * @default a client built on the first request, once, from these options and `env(c)`
   */
  client?: KindeKeys<Scope>;
  /** Scopes the key must hold, checked against the scope union of `client`. */
  scopes?: readonly NoInfer<Scope>[];
  /**
   * Variables to read `KINDE_*` settings from; they win over the runtime's.
   * @default Hono's `env(c)`: Workers bindings on Cloudflare, `process.env` on Node, Bun and Deno
   */
  env?: KindeEnv;
}

function send(c: Context, denial: AuthorizeDenial): Response {
  return c.body(JSON.stringify(denial.body), denial.status, denial.headers);
}

/** Answers a refusal; one Fetch cannot carry (e.g. an `onError` header with a newline) becomes core's 503. */
function refuse(c: Context, denial: AuthorizeDenial): Response {
  try {
    return send(c, denial);
  } catch (error) {
    return send(c, unavailableDenial(error));
  }
}

/**
 * The key {@link kindeApiKey} verified for this request, or `undefined` where it did not run.
 *
 * @example
 * ```ts
 * app.get("/me", (c) => c.json({ owner: getKindeApiKey(c)?.owner }));
 * ```
 */
export function getKindeApiKey(c: Context): VerifiedApiKey | undefined {
  return c.get("kindeApiKey");
}

/**
 * Requires a valid Kinde API key (RFC 6750 `Authorization: Bearer …` by default). Refusals are
 * answered with core's status, headers and JSON body; on success the key is in
 * `c.get("kindeApiKey")` and the rate-limit headers, if any, are set on the response. A client that
 * cannot be built from `env(c)` (`CONFIG_INVALID`) answers 503, and is tried again next request.
 *
 * @example
 * ```ts
 * app.get("/orgs/:org/reports", kindeApiKey({ scopes: ["read:reports"], orgCode: (c) => c.req.param("org") }),
 *   (c) => c.json({ owner: c.get("kindeApiKey").owner }));
 * ```
 */
export function kindeApiKey<Scope extends string = string>(
  options: KindeApiKeyOptions<Scope> = {},
): MiddlewareHandler {
  let authorize: Authorizer<Context> | undefined = options.client?.authorizer<Context>(options);
  return async (c, next) => {
    let result: AuthorizeResult;
    try {
      authorize ??= createKindeKeys<Scope>({
        ...options,
        env: { ...env<Record<string, string | undefined>>(c), ...options.env },
      }).authorizer<Context>(options);
      result = await authorize({
        headers: c.req.raw.headers,
        context: c,
        signal: c.req.raw.signal,
      });
    } catch (error) {
      result = unavailableDenial(error, options);
    }
    if (!result.ok) return refuse(c, result);
    c.set("kindeApiKey", result.key);
    await next();
    // After the handler, so the fields reach any response it returns, even a `new Response(…)`.
    for (const [name, value] of Object.entries(result.headers)) c.header(name, value);
  };
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
export function requireScopes<Scope extends string>(...scopes: Scope[]): MiddlewareHandler {
  return async (c, next) => {
    const result = authorizeScopes(getKindeApiKey(c), scopes);
    if (!result.ok) return refuse(c, result);
    await next();
  };
}
