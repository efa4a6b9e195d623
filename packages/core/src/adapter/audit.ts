/**
 * @module adapter/audit
 * The audit half of every adapter: from the `audit` option, once, a recorder that turns one
 * request's facts (method, route, status, the pipeline's outcome) into an {@link AuditEvent} and
 * hands it to the sink through a bounded queue. Without the option there is no recorder at all, so
 * an adapter can pick a handler without audit when it is created and a request pays nothing.
 */

import type { AuditEvent, AuditSink } from "../audit/event.ts";
import { createAuditQueue } from "../audit/queue.ts";
import { loggerOf } from "../logger.ts";

import { refusedKeyOf } from "../request/refused-key.ts";
import type { Logger, VerifiedApiKey } from "../types.ts";
import type { GateOutcome } from "./gate.ts";

/** The `audit` option in full; a bare function is the same as `{ sink }`. */
export interface AuditOptions<Context = unknown> {
  /** Receives one event per request, after the status is known. */
  sink: AuditSink;
  /**
   * Put the client's address in the event: `true` takes the framework's own (Express `req.ip`, Koa
   * `ctx.ip`, which follow their proxy settings), or a function of the request.
   * @default false
   */
  clientIp?: boolean | ((context: Context) => string | undefined);
  /**
   * Async sink calls pending at once.
   * @default 16
   */
  concurrency?: number;
  /**
   * Events that may wait for the sink; beyond this they are dropped, counted and logged.
   * @default 1000
   */
  maxQueue?: number;
}

/** How an adapter reads the facts of one request for its audit event. */
export interface AuditAccess<Context, Extra = void> {
  /** The HTTP method. */
  method(context: Context, extra: Extra): string;
  /** The route template, when the framework matched one (`/orgs/:org`), else `undefined`. */
  route(context: Context, extra: Extra): string | undefined;
  /** The request path; a query string, if any, is cut off here. */
  path(context: Context, extra: Extra): string;
  /** The framework's request id or the raw `x-request-id` value; checked here. */
  requestId(context: Context, extra: Extra): unknown;
  /** The framework's idea of the client address, for `clientIp: true`. */
  clientIp?(context: Context, extra: Extra): string | undefined;
}

/** An adapter's audit recorder, compiled once per middleware. */
export interface RequestAudit<Context, Extra = void> {
  /** A start mark; take it when the request reaches the middleware. */
  start(): number;
  /**
   * Records one request. `outcome` is the pipeline's (`undefined` when it never ran, e.g. the client
   * left first). Never throws.
   */
  record(
    context: Context,
    extra: Extra,
    status: number,
    outcome: GateOutcome | undefined,
    started: number,
  ): void;
  /** Resolves once every event so far reached the sink (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Compiles the `audit` option, or answers `undefined` when it is not set.
 *
 * @throws {TypeError} when the option is neither a function nor `{ sink }`, or a bound is invalid
 * @example
 * ```ts
 * const audit = createRequestAudit(options.audit, access, options.logger);
 * if (!audit) return handler;   // no per-request cost
 * ```
 */
export function createRequestAudit<Context, Extra = void>(
  option: AuditSink | AuditOptions<Context> | undefined | false,
  access: AuditAccess<Context, Extra>,
  configured: Logger | false | undefined,
): RequestAudit<Context, Extra> | undefined {
  if (option === undefined || option === false) return undefined;
  const logger = loggerOf(configured);
  const settings = typeof option === "function" ? { sink: option } : option;
  if (typeof settings !== "object" || settings === null || typeof settings.sink !== "function") {
    throw new TypeError("`audit` must be a function or `{ sink: (event) => … }`.");
  }
  const queue = createAuditQueue(settings.sink, {
    concurrency: settings.concurrency,
    maxQueue: settings.maxQueue,
    logger,
  });
  const clientIp = clientIpReader(settings.clientIp, access);
  return {
    start: () => Date.now(),
    record(context, extra, status, outcome, started) {
      try {
        queue.push(buildEvent(access, clientIp, { context, extra, status, outcome, started }));
      } catch (error) {
        // A framework getter that threw: the request is done, only the event is lost.
        logger?.warn?.(
          { err: error instanceof Error ? error.message : String(error) },
          "kinde-keys: audit event could not be built",
        );
      }
    },
    flush: () => queue.flush(),
  };
}

/** The `clientIp` reader, or `undefined` when the app did not opt in. */
function clientIpReader<Context, Extra>(
  setting: AuditOptions<Context>["clientIp"],
  access: AuditAccess<Context, Extra>,
): ((context: Context, extra: Extra) => string | undefined) | undefined {
  if (setting === undefined || setting === false) return undefined;
  if (typeof setting === "function") return (context) => setting(context);
  if (setting !== true) throw new TypeError("`audit.clientIp` must be a boolean or a function.");
  if (!access.clientIp) {
    throw new TypeError(
      "`audit.clientIp: true`: this framework has no client address of its own; pass a function.",
    );
  }
  return access.clientIp;
}

interface RequestFacts<Context, Extra> {
  context: Context;
  extra: Extra;
  status: number;
  outcome: GateOutcome | undefined;
  started: number;
}

function buildEvent<Context, Extra>(
  access: AuditAccess<Context, Extra>,
  clientIp: ((context: Context, extra: Extra) => string | undefined) | undefined,
  facts: RequestFacts<Context, Extra>,
): AuditEvent {
  const { context, extra, outcome, started } = facts;
  const template = access.route(context, extra);
  const event: Record<string, unknown> = {
    timestamp: new Date(started).toISOString(),
    method: access.method(context, extra).toUpperCase(),
    route: template ?? pathOnly(access.path(context, extra)),
    routeMatched: template !== undefined,
    status: facts.status,
    durationMs: Math.max(0, Date.now() - started),
    outcome: outcomeOf(outcome),
  };
  const requestId = checkedRequestId(access.requestId(context, extra));
  if (requestId !== undefined) event.requestId = requestId;
  const key = outcome ? (outcome.ok ? outcome.key : refusedKeyOf(outcome)) : undefined;
  if (key) Object.assign(event, keyFields(key, outcome?.ok === true && isStale(outcome)));
  const ip = clientIp?.(context, extra);
  if (typeof ip === "string" && ip !== "") event.clientIp = ip;
  return event as unknown as AuditEvent;
}

/** `allowed`, the refusal's code, or `REFUSED` for a reshaped body without a usable one. */
function outcomeOf(outcome: GateOutcome | undefined): string {
  if (!outcome) return "NOT_DECIDED";
  if (outcome.ok) return "allowed";
  const code = (outcome.body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^[A-Za-z0-9_.:-]{1,64}$/.test(code) ? code : "REFUSED";
}

/** The stale flag of a pass (set when a stale cache entry was accepted while Kinde was down). */
function isStale(outcome: GateOutcome): boolean {
  return (outcome as { stale?: unknown }).stale === true;
}

function keyFields(key: VerifiedApiKey, stale: boolean): Partial<AuditEvent> {
  return {
    keyId: key.keyId,
    ownerType: key.owner.type,
    ...(key.orgCode !== null && { orgCode: key.orgCode }),
    ...(key.userId !== null && { userId: key.userId }),
    scopes: key.scopes,
    stale,
  };
}

/** The path without its query string or fragment: a query can carry a key. */
function pathOnly(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** A request id the caller sent is untrusted: only short visible ASCII is kept. */
function checkedRequestId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return REQUEST_ID.test(trimmed) ? trimmed : undefined;
}
