/**
 * @module audit/event
 * The audit trail's record: one {@link AuditEvent} per request that went through an adapter, written
 * once the response status is known. It says who called what and how it ended, and holds no secret:
 * never the key, never a header, only the fields below.
 */
import type { DenialCode } from "../request/answers.ts";
import type { KeyOwnerType } from "../types.ts";

/** `allowed` when the key passed, else the refusal's `code` (e.g. `INVALID_KEY`, `ORG_MISMATCH`). */
export type AuditOutcome = "allowed" | DenialCode | (string & {});

/** What an adapter reports about one request. Plain JSON data, safe to log or ship anywhere. */
export interface AuditEvent {
  /** When the request reached the middleware, ISO 8601 UTC. */
  readonly timestamp: string;
  /**
   * The framework's request id, else the `x-request-id` header, trimmed; only visible ASCII, at most
   * 128 characters (it is the caller's input), else absent.
   */
  readonly requestId?: string;
  /** The HTTP method, upper-case. */
  readonly method: string;
  /**
   * The route template when the framework knows it (`/orgs/:org/reports`), else the path without its
   * query string (a query can carry a key).
   */
  readonly route: string;
  /** Whether `route` is the framework's template (false: the raw path, e.g. for a 404). */
  readonly routeMatched: boolean;
  /** The response status. */
  readonly status: number;
  /** From the middleware to the response status being known, in milliseconds. */
  readonly durationMs: number;
  /** `allowed`, or the refusal code. */
  readonly outcome: AuditOutcome;
  /** Kinde's key id, when a key was verified. */
  readonly keyId?: string;
  /** The key's owner type, when a key was verified. */
  readonly ownerType?: KeyOwnerType;
  /** The key's organization, when it has one. */
  readonly orgCode?: string;
  /** The key's user, when it has one. */
  readonly userId?: string;
  /** The key's scopes, when a key was verified. */
  readonly scopes?: readonly string[];
  /** True when the key was accepted from a stale cache entry while Kinde was unavailable. */
  readonly stale?: boolean;
  /** The client's address; present only when the app opts in (`audit: { clientIp: true }`). */
  readonly clientIp?: string;
}

/**
 * Receives audit events. May be async; a sink that throws or rejects is logged and never changes a
 * response. Async sinks run through a bounded queue, so a slow sink never holds up requests.
 */
export type AuditSink = (event: AuditEvent) => void | PromiseLike<void>;
