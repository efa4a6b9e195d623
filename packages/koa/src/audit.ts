/**
 * @module audit
 * Koa's side of the audit trail: what an event reads from a context, and the middleware that
 * records one event per request once its status is known. Chosen when the middleware is created, so
 * an app without `audit` pays nothing per request.
 */
import type { AuditAccess, Gate, GateOutcome, RequestAudit } from "@acme/kinde-keys-core/adapter";
import type { Middleware, Next, ParameterizedContext } from "koa";

/** What an audit event reads from Koa: `@koa/router`'s matched template, when it ran. */
export const auditAccess: AuditAccess<ParameterizedContext> = {
  method: (ctx) => ctx.method,
  route: (ctx) => {
    const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
    return typeof route === "string" ? route : undefined;
  },
  path: (ctx) => ctx.path,
  requestId: (ctx) => ctx.state.requestId ?? ctx.get("x-request-id"),
  clientIp: (ctx) => ctx.ip,
};

/**
 * The audited `kindeApiKey` middleware: runs `gate`, lets `respond` answer or run the rest of the
 * chain, and records the request with the status it ends with.
 */
export function auditedMiddleware(
  gate: Gate<ParameterizedContext>,
  audit: RequestAudit<ParameterizedContext>,
  respond: (
    outcome: GateOutcome,
    ctx: ParameterizedContext,
    next: Next,
  ) => Promise<void> | undefined,
): Middleware {
  return async (ctx, next) => {
    const started = audit.start();
    const outcome = await gate(ctx);
    try {
      await respond(outcome, ctx, next);
    } catch (error) {
      // Koa's error handler answers with the error's status, else 500: record that, then rethrow.
      audit.record(ctx, undefined, errorStatus(error), outcome, started);
      throw error;
    }
    audit.record(ctx, undefined, ctx.status, outcome, started);
  };
}

/** The status Koa's default error handler answers a thrown error with. */
function errorStatus(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}
