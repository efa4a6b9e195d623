/**
 * @module middleware
 * Koa glue for the Kinde API-key pipeline. `kindeApiKey` builds its client and compiles the pipeline
 * once, when the app is set up; per request it hands the headers to core and either stores the
 * verified key on `ctx.state.kindeApiKey` or sends core's refusal as it is. Every decision (status,
 * headers, body) is core's, so Koa answers exactly like the Express and Hono adapters. Nothing is
 * thrown to Koa's error handler, which would answer 500.
 */
import {
  type AuthorizeDenial,
  type AuthorizeOptions,
  type AuthorizeResult,
  authorizeScopes,
  createKindeKeys,
  type KindeKeys,
  type KindeKeysConfig,
  unavailableDenial,
  type VerifiedApiKey,
} from "@acme/kinde-keys-core";
import type { Middleware, ParameterizedContext } from "koa";

declare module "koa" {
  interface DefaultState {
    /** The API key `kindeApiKey` verified for this request; set before any later middleware runs. */
    kindeApiKey?: VerifiedApiKey;
  }
}

/**
 * Options of {@link kindeApiKey}: a client (or the settings to build one) and the route's rules.
 * `orgCode` may be a function of the context, e.g. `(ctx) => ctx.params.org` with `@koa/router`.
 */
export interface KindeApiKeyOptions<Scope extends string = string>
  extends Omit<AuthorizeOptions<Scope, ParameterizedContext>, "scopes">,
    KindeKeysConfig {
  /**
   * A client from `createKindeKeys`, to share its cache and rate-limit counts between middlewares.
   * When set, the connection settings of these options are ignored.
   * @default a client built once, when the middleware is created, from these options
   */
  client?: KindeKeys<Scope>;
  /** Scopes the key must hold, checked against the scope union of `client`. */
  scopes?: readonly NoInfer<Scope>[];
}

function send(ctx: ParameterizedContext, denial: AuthorizeDenial): void {
  ctx.set(denial.headers);
  ctx.status = denial.status;
  ctx.body = JSON.stringify(denial.body);
}

/** Sends a refusal; one Node cannot write (e.g. an `onError` header with a newline) becomes core's 503. */
function refuse(ctx: ParameterizedContext, denial: AuthorizeDenial): void {
  try {
    send(ctx, denial);
  } catch (error) {
    if (ctx.headerSent) return void ctx.res.destroy();
    for (const name of Object.keys(denial.headers)) ctx.remove(name);
    send(ctx, unavailableDenial(error));
  }
}

/**
 * Requires a valid Kinde API key (RFC 6750 `Authorization: Bearer …` by default). Refusals are sent
 * with core's status, headers and JSON body; on success the key is on `ctx.state.kindeApiKey` and
 * the rate-limit headers, if any, are set on the response.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` at creation when no `client` is given and the settings
 * (or `KINDE_*` environment variables) are missing or unsafe
 * @example
 * ```ts
 * router.get("/orgs/:org/reports", kindeApiKey({ scopes: ["read:reports"], orgCode: (ctx) => ctx.params.org }),
 *   (ctx) => { ctx.body = { owner: ctx.state.kindeApiKey?.owner }; });
 * ```
 */
export function kindeApiKey<Scope extends string = string>(
  options: KindeApiKeyOptions<Scope> = {},
): Middleware {
  const client = options.client ?? createKindeKeys<Scope>(options);
  const authorize = client.authorizer<ParameterizedContext>(options);
  return async (ctx, next) => {
    let result: AuthorizeResult;
    try {
      // `headersDistinct` keeps a repeated header visible (`headers` keeps only the first
      // Authorization), so a duplicate is refused here as it is on Fetch runtimes.
      result = await authorize({ headers: ctx.req.headersDistinct ?? ctx.headers, context: ctx });
      if (result.ok) ctx.set(result.headers);
    } catch (error) {
      result = unavailableDenial(error, options);
    }
    if (!result.ok) return refuse(ctx, result);
    ctx.state.kindeApiKey = result.key;
    await next();
  };
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
export function requireScopes<Scope extends string>(...scopes: Scope[]): Middleware {
  return async (ctx, next) => {
    const result = authorizeScopes(ctx.state.kindeApiKey, scopes);
    if (!result.ok) return refuse(ctx, result);
    await next();
  };
}
