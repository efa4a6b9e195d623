/**
 * @module audit
 * Hono's side of the audit trail: what an event reads from a context, and the middleware that
 * records one event per request once its status is final. Chosen when the middleware is created, so
 * an app without `audit` pays nothing per request.
 */
import type { AuditAccess, Gate, GateOutcome, RequestAudit } from "@acme/kinde-keys-core/adapter";
import type { Context, MiddlewareHandler, Next } from "hono";

/** What an audit event reads from Hono: the matched route's template, once the handler ran. */
export const auditAccess: AuditAccess<Context> = {
  method: (c) => c.req.method,
  route: (c) => matchedRoute(c),
  path: (c) => c.req.path,
  // `c.var.requestId` where `hono/request-id` ran first.
  requestId: (c) => (c.var as { requestId?: unknown }).requestId ?? c.req.header("x-request-id"),
};

/** The template of the handler that answered, unless only wildcard middleware matched. */
function matchedRoute(c: Context): string | undefined {
  const route = c.req.routePath;
  return route && route !== "*" && route !== "/*" ? route : undefined;
}

/**
 * The audited `kindeApiKey` handler: runs `gate`, lets `proceed` answer or run the route, and
 * records the request. Hono turns a handler's error into a response before `next()` resolves, so
 * the status read afterwards is final.
 */
export function auditedHandler(
  gate: Gate<Context>,
  audit: RequestAudit<Context>,
  proceed: (c: Context, next: Next, outcome: GateOutcome) => Promise<Response | undefined>,
): MiddlewareHandler {
  return async (c, next) => {
    const started = audit.start();
    const outcome = await gate(c);
    const refusal = await proceed(c, next, outcome);
    audit.record(c, undefined, refusal?.status ?? c.res.status, outcome, started);
    return refusal;
  };
}
