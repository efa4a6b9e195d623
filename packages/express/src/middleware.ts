/**
 * @module middleware
 * Express glue for the Kinde API-key pipeline, built on core's adapter kit: the gate builds the
 * client and compiles the pipeline once, when the app is set up, and per request decides from the
 * headers (with an abort signal should the client go away while Kinde is asked). This file only
 * stores the key on `req.kindeApiKey` or writes the refusal as it is (the audited variant is in
 * `audit.ts`, the key's accessors in `key.ts`). Errors never reach `next(err)`:
 * Express's default handler would turn them into 500s, and Express 4 does not catch a rejected promise.
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
  nodeAccess,
} from "@acme/kinde-keys-core/adapter";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { auditAccess, auditedHandler } from "./audit.ts";

declare global {
  namespace Express {
    interface Request {
      /**
       * The API key `kindeApiKey` verified for this request; set before any later handler runs.
       * Optional because Express cannot know which routes have the middleware: read it with
       * `requireKindeApiKey(req)` (or `getKindeApiKey(req)` where the key is optional).
       */
      kindeApiKey?: VerifiedApiKey;
    }
  }
}

/**
 * Options of {@link kindeApiKey}: a `client` (or the settings to build one, once, when the
 * middleware is created) and the route's rules. `orgCode` may be a function of the request, e.g.
 * `(req) => req.params.org`.
 */
export type KindeApiKeyOptions<Scope extends string = RegisteredScope> = AdapterOptions<
  Scope,
  KindeApiKeyRequest
>;

/**
 * The request as `orgCode` sees it: route parameters as strings. (An Express 5 wildcard parameter is
 * an array at run time; it never equals an organization code, so such a request is refused.)
 */
export type KindeApiKeyRequest = Request<Record<string, string>>;

/**
 * Express middleware: a request reaches the next handler only with a valid Kinde API key (RFC 6750
 * `Authorization: Bearer …` unless `header` names another field). The key is then on
 * `req.kindeApiKey`, with the rate-limit fields, if any, on the response; otherwise core's refusal
 * is sent as it is.
 *
 * @example
 * ```ts
 * app.get("/orgs/:org/reports", kindeApiKey({ orgCode: (req) => req.params.org }), (req, res) =>
 *   res.json({ owner: requireKindeApiKey(req).owner }),
 * );
 * ```
 * @param misuse - Nothing: present only when the factory itself was registered
 * (`app.use(kindeApiKey)`), which is answered with core's 503 and one logged line.
 * @throws {KindeKeysError} `CONFIG_INVALID` at creation when no `client` is given and the settings
 * (or `KINDE_*` environment variables) are missing or unsafe
 */
export function kindeApiKey<Scope extends string = RegisteredScope>(
  options: KindeApiKeyOptions<Scope> = {},
  ...misuse: never[]
): RequestHandler {
  const refusal = factoryMisuse("kindeApiKey", misuse);
  if (refusal) {
    // Called as a middleware: `options` is the request, `misuse` holds the response and `next`.
    write(refusal, options as unknown as Request, misuse[0] as unknown as Response, () => {});
    return (_req, _res, next) => next();
  }
  const gate = createGate(options, nodeAccess);
  const audit = createRequestAudit(options.audit, auditAccess, options.logger);
  if (audit) return auditedHandler(gate, audit, write);
  // A warm cache answers at once: write it without a microtask hop. Express types a handler's
  // parameters as `string | string[]`; see KindeApiKeyRequest.
  return (req, res, next) =>
    void andThen(gate(req as KindeApiKeyRequest, res), (outcome) => write(outcome, req, res, next));
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
export function requireScopes<Scope extends RegisteredScope>(...scopes: Scope[]): RequestHandler {
  const check = createScopeCheck(scopes);
  return (req, res, next) => write(check(req.kindeApiKey), req, res, next);
}

/** Passes the request on with its key, or answers the refusal. */
function write(outcome: GateOutcome, req: Request, res: Response, next: NextFunction): void {
  if (outcome.ok) {
    res.set(outcome.headers);
    req.kindeApiKey = outcome.key;
    next();
    return;
  }
  // An earlier middleware already started the response: a refusal can no longer be written, and
  // the request must not go on, so the connection is cut.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(outcome.status).set(outcome.headers).send(JSON.stringify(outcome.body));
}
