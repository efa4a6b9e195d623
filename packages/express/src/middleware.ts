/**
 * @module middleware
 * Express glue for the Kinde API-key pipeline. `kindeApiKey` builds its client and compiles the
 * pipeline once, when the app is set up; per request it hands the headers to core and either stores
 * the verified key on `req.kindeApiKey` or sends core's refusal as it is. Every decision (status,
 * headers, body) is core's, so Express answers exactly like the Hono and Koa adapters. Errors never
 * reach `next(err)`: Express's default handler would turn them into 500s, and Express 4 does not
 * even catch a rejected promise.
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
import type { Request, RequestHandler, Response } from "express";

declare global {
  namespace Express {
    interface Request {
      /** The API key `kindeApiKey` verified for this request; set before any later handler runs. */
      kindeApiKey?: VerifiedApiKey;
    }
  }
}

/**
 * The request as `orgCode` sees it: route parameters as strings. (An Express 5 wildcard parameter is
 * an array at run time; it never equals an organization code, so such a request is refused.)
 */
export type KindeApiKeyRequest = Request<Record<string, string>>;

/**
 * Options of {@link kindeApiKey}: a client (or the settings to build one) and the route's rules.
 * `orgCode` may be a function of the request, e.g. `(req) => req.params.org`.
 */
export interface KindeApiKeyOptions<Scope extends string = string>
  extends Omit<AuthorizeOptions<Scope, KindeApiKeyRequest>, "scopes">,
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

function send(res: Response, denial: AuthorizeDenial): void {
  res.status(denial.status).set(denial.headers).send(JSON.stringify(denial.body));
}

/** Sends a refusal; one Node cannot write (e.g. an `onError` header with a newline) becomes core's 503. */
function refuse(res: Response, denial: AuthorizeDenial): void {
  try {
    send(res, denial);
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    for (const name of Object.keys(denial.headers)) res.removeHeader(name);
    send(res, unavailableDenial(error));
  }
}

/**
 * Requires a valid Kinde API key (RFC 6750 `Authorization: Bearer …` by default). Refusals are sent
 * with core's status, headers and JSON body; on success the key is on `req.kindeApiKey` and the
 * rate-limit headers, if any, are set on the response.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` at creation when no `client` is given and the settings
 * (or `KINDE_*` environment variables) are missing or unsafe
 * @example
 * ```ts
 * app.get("/orgs/:org/reports", kindeApiKey({ scopes: ["read:reports"], orgCode: (req) => req.params.org }),
 *   (req, res) => res.json({ owner: req.kindeApiKey?.owner }));
 * ```
 */
export function kindeApiKey<Scope extends string = string>(
  options: KindeApiKeyOptions<Scope> = {},
): RequestHandler {
  const client = options.client ?? createKindeKeys<Scope>(options);
  const authorize = client.authorizer<KindeApiKeyRequest>(options);
  return async (req, res, next) => {
    let result: AuthorizeResult;
    try {
      // `headersDistinct` keeps a repeated header visible (`req.headers` keeps only the first
      // Authorization), so a duplicate is refused here as it is on Fetch runtimes.
      const context = req as KindeApiKeyRequest;
      result = await authorize({ headers: req.headersDistinct ?? req.headers, context });
      if (result.ok) res.set(result.headers);
    } catch (error) {
      result = unavailableDenial(error, options);
    }
    if (!result.ok) return refuse(res, result);
    req.kindeApiKey = result.key;
    next();
  };
}

/**
 * Requires scopes on one route, after {@link kindeApiKey} has run (for example at app level).
 * Answers 403 `INSUFFICIENT_SCOPE` when a scope is missing, 401 when no key was verified.
 *
 * @example
 * ```ts
 * app.use(kindeApiKey());
 * app.post("/reports", requireScopes("write:reports"), createReport);
 * ```
 */
export function requireScopes<Scope extends string>(...scopes: Scope[]): RequestHandler {
  return (req, res, next) => {
    const result = authorizeScopes(req.kindeApiKey, scopes);
    if (result.ok) next();
    else refuse(res, result);
  };
}
