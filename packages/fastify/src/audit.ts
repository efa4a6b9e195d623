/**
 * @module audit
 * Fastify's side of the audit trail: what an event reads from a request, and the hooks that record
 * one event per request once Fastify sent its final status. Added when the plugin is registered, so
 * an app without `audit` pays nothing per request.
 */
import type { AuditAccess, Gate, GateOutcome, RequestAudit } from "@acme/kinde-keys-core/adapter";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { KindeApiKeyRequest } from "./plugin.ts";

/** What an audit event reads from Fastify: the matched route's template, its id, its address. */
export const auditAccess: AuditAccess<FastifyRequest, FastifyReply> = {
  method: (request) => request.method,
  route: (request) => request.routeOptions.url,
  path: (request) => request.url,
  // Fastify numbers every request itself (`req-1`, …) unless told to read a header: a client's
  // `x-request-id` is the more useful id, so it comes first.
  requestId: (request) => request.headers["x-request-id"] ?? request.id,
  clientIp: (request) => request.ip,
};

/** Per request, what `onResponse` needs to record the audit event. */
const audited = new WeakMap<FastifyRequest, { started: number; outcome: GateOutcome }>();

/**
 * The hooks with an audit trail: the gate decides in `onRequest` (`respond` lets the request on or
 * sends the refusal), and `onResponse`, once Fastify sent the final status, records one event, for
 * passes and refusals alike.
 */
export function addAuditedHooks(
  fastify: FastifyInstance,
  gate: Gate<KindeApiKeyRequest, FastifyReply>,
  audit: RequestAudit<FastifyRequest, FastifyReply>,
  respond: (
    outcome: GateOutcome,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => FastifyReply | undefined,
): void {
  fastify.addHook("onRequest", async (request, reply) => {
    const started = audit.start();
    const outcome = await gate(request as KindeApiKeyRequest, reply);
    audited.set(request, { started, outcome });
    return respond(outcome, request, reply);
  });
  fastify.addHook("onResponse", async (request, reply) => {
    const facts = audited.get(request);
    audit.record(request, reply, reply.statusCode, facts?.outcome, facts?.started ?? Date.now());
  });
}
