/**
 * @module routes
 * Which Kinde endpoint a request is for. Routing happens before anything else so that a call is
 * counted, and matched against injected faults, even when the fault then replaces the answer.
 */

/** A request's endpoint, with the key id for the `/api/v1/api_keys/{key_id}` calls. */
export type Route =
  | { kind: "token" }
  | { kind: "verify" }
  | { kind: "list" }
  | { kind: "create" }
  | { kind: "get"; id: string }
  | { kind: "rotate"; id: string }
  | { kind: "delete"; id: string }
  | { kind: "scopes"; apiId: string }
  /** Under `/api/v1` but not an API-keys call: needs a token, then answers 404. */
  | { kind: "unknown-api" }
  /** Anywhere else: 404. */
  | { kind: "unknown" };

/** The calls counted per endpoint in `fake.calls`. */
export type CountedCall =
  | "token"
  | "verify"
  | "list"
  | "get"
  | "create"
  | "rotate"
  | "delete"
  | "scopes";

/** Which `fault.endpoint` group a route belongs to (besides `"any"`, which matches every route). */
export type FaultGroup = "token" | "verify" | "management" | "other";

const KEY_PATH = /^\/api\/v1\/api_keys\/([^/]+)$/;
const SCOPES_PATH = /^\/api\/v1\/apis\/([^/]+)\/scopes$/;

/**
 * Routes a request by method and path. The host is ignored: MSW already matched the origin, and
 * the loopback server only hears its own.
 *
 * @example
 * ```ts
 * matchRoute("PUT", "/api/v1/api_keys/api_key_1"); // { kind: "rotate", id: "api_key_1" }
 * ```
 */
export function matchRoute(method: string, pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const verb = method.toUpperCase();
  if (path === "/oauth2/token") return verb === "POST" ? { kind: "token" } : { kind: "unknown" };
  if (path === "/api/v1/api_keys/verify" && verb === "POST") return { kind: "verify" };
  if (path === "/api/v1/api_keys") {
    if (verb === "GET") return { kind: "list" };
    if (verb === "POST") return { kind: "create" };
  }
  const match = KEY_PATH.exec(path);
  const id = match?.[1] === undefined ? undefined : safeDecode(match[1]);
  if (id !== undefined) {
    if (verb === "GET") return { kind: "get", id };
    if (verb === "PUT") return { kind: "rotate", id };
    if (verb === "DELETE") return { kind: "delete", id };
  }
  const scopes = verb === "GET" ? SCOPES_PATH.exec(path)?.[1] : undefined;
  const apiId = scopes === undefined ? undefined : safeDecode(scopes);
  if (apiId !== undefined) return { kind: "scopes", apiId };
  if (path === "/api" || path.startsWith("/api/")) return { kind: "unknown-api" };
  return { kind: "unknown" };
}

/** Percent-decodes a path segment; a malformed escape means "no such key", not a crash. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The `fake.calls` counter a route adds to, if any (unknown routes count only in `total`). */
export function countedCall(route: Route): CountedCall | undefined {
  return route.kind === "unknown" || route.kind === "unknown-api" ? undefined : route.kind;
}

/** The fault group of a route. */
export function faultGroup(route: Route): FaultGroup {
  switch (route.kind) {
    case "token":
    case "verify":
      return route.kind;
    case "list":
    case "create":
    case "get":
    case "rotate":
    case "delete":
    case "scopes":
      return "management";
    default:
      return "other";
  }
}
