/**
 * @module @acme/kinde-keys-core/adapter
 * The kit framework adapters are built from, so each adapter is only glue: the shared options type,
 * a gate that builds the client once and decides a request (with an abort signal made only when
 * Kinde must be asked, and a refusal already checked to be sendable), Node header reading and abort
 * signals, the logic of `requireScopes`, and the audit recorder. For adapter authors; apps use an adapter or the main
 * entry.
 */

export type { MaybePromise } from "../kinde/maybe-async.ts";
export { andThen, isPromiseLike } from "../kinde/maybe-async.ts";
export { unavailableDenial } from "../request/answers.ts";
export { createAuthorizer } from "../request/authorize.ts";
export type { AuditAccess, AuditOptions, RequestAudit } from "./audit.ts";
export { createRequestAudit } from "./audit.ts";
export type { NodeResponseEvents } from "./audit-node.ts";
export { whenNodeResponseDone } from "./audit-node.ts";
export type { Gate, GateOutcome, RequestAccess } from "./gate.ts";
export { createGate } from "./gate.ts";
export { requireVerifiedKey } from "./key.ts";
export { factoryMisuse } from "./misuse.ts";
export type { NodeRequestLike, NodeResponseLike } from "./node.ts";
export { nodeAbortSignal, nodeAccess, nodeHeaders } from "./node.ts";
export type { AdapterOptions } from "./options.ts";
export type { ScopeCheckOptions } from "./scopes.ts";
export { createScopeCheck } from "./scopes.ts";
