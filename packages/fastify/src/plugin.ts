/**
 * @module plugin
 * Fastify glue for the Kinde API-key pipeline, built on core's adapter kit: the gate builds the
 * client and compiles the pipeline once, when the plugin is registered, and per request decides in
 * an `onRequest` hook (before any body is parsed) from the headers of `request.raw`, with an abort
 * signal should the client go away while Kinde is asked. This file only stores the key on
 * `request.kindeApiKey` or sends the refusal as it is; nothing reaches Fastify's error handler. The
 * audited hooks are in `audit.ts`, the key's accessors in `key.ts`.
 */
import type { RegisteredScope, VerifiedApiKey } from "@acme/kinde-keys-core";
import {
  type AdapterOptions,
  createGate,
  createRequestAudit,
  createScopeCheck,
  factoryMisuse,
  type GateOutcome,
  nodeAbortSignal,
  nodeHeaders,
} from "@acme/kinde-keys-core/adapter";
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from "fastify";
import fp from "fastify-plugin";
import { addAuditedHooks, auditAccess } from "./audit.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The API key `kindeApiKey` verified for this request; set before any route handler runs. */
    kindeApiKey: VerifiedApiKey | undefined;
  }
}

/** The request as `orgCode` sees it: route parameters as strings. */
export type KindeApiKeyRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

/**
 * Options of {@link kindeApiKey}: a `client` (or the settings to build one, once, when the plugin
 * is registered) and the rules of the routes it covers. `orgCode` may be a function of the request,
 * e.g. `(request) => request.params.org`.
 */
export type KindeApiKeyOptions<Scope extends string = RegisteredScope> = AdapterOptions<
  Scope,
  KindeApiKeyRequest
>;

const MISUSE_HINT = "kindeApiKey is a plugin: use app.register(kindeApiKey, options)";

/**
 * Fastify plugin (wrapped with `fastify-plugin`, so it covers the routes of the context it is
 * registered in): a request reaches its handler only with a valid Kinde API key (RFC 6750
 * `Authorization: Bearer …` unless `header` names another field), the key then on
 * `request.kindeApiKey` and the rate-limit fields, if any, on the reply. Otherwise core's refusal
 * (status, headers, JSON body) is sent.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` at registration when no `client` is given and the
 * settings (or `KINDE_*` environment variables) are missing or unsafe
 * @example
 * ```ts
 * await app.register(kindeApiKey, { orgCode: (request) => request.params.org });
 * app.get("/orgs/:org/reports", (request) => ({ owner: request.kindeApiKey?.owner }));
 * ```
 */
export const kindeApiKey: FastifyPluginAsync<KindeApiKeyOptions> = fp(
  async (fastify, options: KindeApiKeyOptions) => {
    if (typeof (fastify as Partial<FastifyInstance>).addHook !== "function") {
      // Added as a hook (`app.addHook("onRequest", kindeApiKey)`): the request and reply came in.
      // Answered with core's 503, and one logged line saying how to register it.
      const reply = options as unknown as FastifyReply;
      const refusal = factoryMisuse("kindeApiKey", [reply], MISUSE_HINT);
      if (refusal) respond(refusal, reply.request, reply);
      return;
    }
    const gate = createGate<string, KindeApiKeyRequest, FastifyReply>(options, {
      headers: (names, request) => nodeHeaders(request.raw, names),
      signal: (_request, reply) => nodeAbortSignal(reply.raw),
      method: (request) => request.method,
    });
    // Declared up front, so every request object keeps one shape (Fastify's advice for speed).
    if (!fastify.hasRequestDecorator("kindeApiKey")) {
      fastify.decorateRequest("kindeApiKey", undefined);
    }
    const audit = createRequestAudit(options.audit, auditAccess, options.logger);
    if (!audit) {
      fastify.addHook("onRequest", async (request, reply) =>
        respond(await gate(request as KindeApiKeyRequest, reply), request, reply),
      );
      return;
    }
    addAuditedHooks(fastify, gate, audit, respond);
  },
  { fastify: "5.x", name: "@acme/kinde-keys-fastify" },
);

/**
 * A `preHandler` hook requiring scopes on one route, after {@link kindeApiKey} has run. Answers
 * 403 `INSUFFICIENT_SCOPE` when a scope is missing, 401 when no key was verified.
 *
 * @example
 * ```ts
 * app.post("/reports", { preHandler: requireScopes("write:reports") }, createReport);
 * ```
 */
export function requireScopes<Scope extends string>(
  ...scopes: Scope[]
): preHandlerAsyncHookHandler {
  const check = createScopeCheck(scopes);
  return async (request, reply) => respond(check(request.kindeApiKey), request, reply);
}

/**
 * Lets the request go on with its key, or sends the refusal (core checked it can be sent).
 * Returning the reply tells Fastify the hook answered.
 */
function respond(
  outcome: GateOutcome,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | undefined {
  reply.headers(outcome.headers);
  if (!outcome.ok) return reply.code(outcome.status).send(JSON.stringify(outcome.body));
  if (outcome.key) request.kindeApiKey = outcome.key;
  return undefined;
}
