/**
 * @module audit
 * Express's side of the audit trail: what an event reads from a request, and the middleware that
 * records one event per request once its status is final. Chosen when the middleware is created, so
 * an app without `audit` pays nothing per request.
 */
import {
  type AuditAccess,
  type Gate,
  type GateOutcome,
  type RequestAudit,
  whenNodeResponseDone,
} from "@acme/kinde-keys-core/adapter";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { KindeApiKeyRequest } from "./middleware.ts";

/** What an audit event reads from Express: the matched route's template, under its router's base. */
export const auditAccess: AuditAccess<KindeApiKeyRequest, Response> = {
  method: (req) => req.method,
  route: (req) =>
    typeof req.route?.path === "string" ? `${req.baseUrl}${req.route.path}` : undefined,
  path: (req) => req.originalUrl,
  // `req.id` where a request-id middleware (pino-http, express-request-id) set one.
  requestId: (req) => (req as { id?: unknown }).id ?? req.headers["x-request-id"],
  clientIp: (req) => req.ip,
};

/**
 * The audited `kindeApiKey` handler: runs `gate`, hands the outcome to `write`, and records the
 * request once its status is final (`finish`, or `close` if the client left first).
 */
export function auditedHandler(
  gate: Gate<KindeApiKeyRequest, Response>,
  audit: RequestAudit<KindeApiKeyRequest, Response>,
  write: (outcome: GateOutcome, req: Request, res: Response, next: NextFunction) => void,
): RequestHandler {
  return async (req, res, next) => {
    const started = audit.start();
    const outcome = await gate(req as KindeApiKeyRequest, res);
    whenNodeResponseDone(res, () =>
      audit.record(req as KindeApiKeyRequest, res, res.statusCode, outcome, started),
    );
    write(outcome, req, res, next);
  };
}
