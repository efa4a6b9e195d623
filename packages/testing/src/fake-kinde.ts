/**
 * @module fake-kinde
 * `createFakeKinde()`: a stateful, in-memory Kinde that answers the token endpoint, verify and the
 * API-keys management calls. It is written once, as a Fetch handler (`fake.fetch`); the MSW handlers
 * and the loopback server only carry requests to it, so all three transports behave identically.
 * Tests steer it through methods (add, revoke, rotate keys; inject faults; expire tokens) and read
 * back what the client did through `fake.calls`.
 */

import type { RequestHandler } from "msw";
import { authorizeApiCall, REQUIRED_SCOPES } from "./api-auth.ts";
import { FakeConnectionResetError } from "./errors.ts";
import { type FakeFault, FaultQueue } from "./faults.ts";
import {
  type FakeKeyRecord,
  type FakeKeySeed,
  type FakeKeyStatus,
  type IssuedKey,
  KeysStore,
} from "./keys-store.ts";
import {
  handleCreateRequest,
  handleDeleteRequest,
  handleGetRequest,
  handleListRequest,
  handleRotateRequest,
} from "./management-endpoints.ts";
import { createMswHandlers } from "./msw.ts";
import { defaultErrorBody, jsonResponse, kindeError } from "./responses.ts";
import { countedCall, faultGroup, matchRoute, type Route } from "./routes.ts";
import { sleep, waitForAbort } from "./sleep.ts";
import { handleTokenRequest } from "./token-endpoint.ts";
import { TokenIssuer } from "./tokens.ts";
import { handleVerifyRequest, type UnknownKeyAnswer } from "./verify-endpoint.ts";

/**
 * Options of {@link createFakeKinde}.
 *
 * @example
 * ```ts
 * createFakeKinde({ domain: "acme.kinde.com", keys: [{ key: "k_live_x", orgCode: "org_1" }] });
 * ```
 */
export interface FakeKindeOptions {
  /**
   * Kinde domain, as a bare host (`https://` is added, as Kinde's SDKs do) or a URL.
   * @default `"fake-kinde.test"` (origin `https://fake-kinde.test`)
   */
  domain?: string;
  /** The M2M application's client id. @default `"fake-client-id"` */
  clientId?: string;
  /** The M2M application's client secret. @default `"fake-client-secret"` */
  clientSecret?: string;
  /**
   * Scopes granted to the M2M application; tokens carry these. Leave one out to test 403s.
   * @default `["read:api_keys", "create:api_keys", "update:api_keys", "delete:api_keys"]`
   */
  clientScopes?: string[];
  /** `expires_in` of issued tokens, in seconds. @default `86400` */
  tokenTtlSeconds?: number;
  /** Keys present from the start. Their secrets are the seeds' `key` fields. @default `[]` */
  keys?: FakeKeySeed[];
  /** How verify answers an unknown key. @default `"is-valid-false"` */
  unknownKeyAnswer?: UnknownKeyAnswer;
  /** Milliseconds added before every answer (benchmarks, slow-network tests). @default `0` */
  latencyMs?: number;
}

/** Calls the fake has received, per endpoint; faulted calls included. */
export interface FakeKindeCalls {
  /** `POST /oauth2/token` */
  readonly token: number;
  /** `POST /api/v1/api_keys/verify` */
  readonly verify: number;
  /** `GET /api/v1/api_keys` */
  readonly list: number;
  /** `GET /api/v1/api_keys/{key_id}` */
  readonly get: number;
  /** `POST /api/v1/api_keys` */
  readonly create: number;
  /** `PUT /api/v1/api_keys/{key_id}` */
  readonly rotate: number;
  /** `DELETE /api/v1/api_keys/{key_id}` */
  readonly delete: number;
  /** Every request, unknown paths included. */
  readonly total: number;
}

/**
 * A running fake Kinde. Create one with {@link createFakeKinde}.
 *
 * @example
 * ```ts
 * const fake = createFakeKinde();
 * const { key } = fake.addKey({ scopes: ["read:reports"] });
 * server.use(...fake.handlers); // or call fake.fetch(request) directly
 * ```
 */
export interface FakeKinde {
  /** Origin the fake answers on, e.g. `"https://fake-kinde.test"`; token audience is `${origin}/api`. */
  readonly origin: string;
  /** The M2M client id the token endpoint accepts. */
  readonly clientId: string;
  /** The M2M client secret the token endpoint accepts. */
  readonly clientSecret: string;
  /**
   * Answers one request, as Kinde would. Every other transport wraps this.
   * Rejects with `FakeConnectionResetError` on a `reset` fault, and with the signal's reason when
   * the request is aborted while a delay, latency or `hang` is pending.
   */
  fetch(request: Request): Promise<Response>;
  /**
   * MSW handlers serving {@link FakeKinde.origin}: `setupServer(...fake.handlers)`.
   * A `reset` fault becomes `HttpResponse.error()`.
   */
  readonly handlers: RequestHandler[];
  /** Adds a key; returns its id and secret. @throws Error if the id or secret is taken. */
  addKey(seed?: FakeKeySeed): IssuedKey;
  /** The key's record, without its secret; `undefined` if the id is unknown. */
  getKey(id: string): FakeKeyRecord | undefined;
  /** Sets a key's status. @throws Error if the id is unknown. */
  setKeyStatus(id: string, status: FakeKeyStatus): void;
  /** Revokes a key (status `revoked`), like Kinde's dashboard or a management delete. */
  revokeKey(id: string): void;
  /** Gives the key a new secret (returned); the old secret is unknown from now on. */
  rotateKey(id: string): IssuedKey;
  /** Deletes the key entirely: its secret becomes unknown and it leaves list answers. */
  removeKey(id: string): void;
  /** A snapshot of the call counters; read it again to see later calls. */
  readonly calls: FakeKindeCalls;
  /** Sets every call counter back to zero. */
  resetCalls(): void;
  /** Queues a fault; see {@link FakeFault}. @throws RangeError if its fields are out of range. */
  inject(fault: FakeFault): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Every token issued so far is refused with 401 from now on; new tokens work. */
  expireTokens(): void;
  /** Changes how verify answers an unknown key. */
  setUnknownKeyAnswer(answer: UnknownKeyAnswer): void;
  /** Changes the delay added before every answer. */
  setLatency(ms: number): void;
}

const DEFAULT_CLIENT_SCOPES = [
  "read:api_keys",
  "create:api_keys",
  "update:api_keys",
  "delete:api_keys",
];

const ZERO_CALLS: FakeKindeCalls = {
  token: 0,
  verify: 0,
  list: 0,
  get: 0,
  create: 0,
  rotate: 0,
  delete: 0,
  total: 0,
};

/**
 * The origin for a domain given as a bare host or a URL; a bare host gets `https://`, as in
 * Kinde's SDKs (`KINDE_DOMAIN` may be either).
 */
function toOrigin(domain: string): string {
  const trimmed = domain.trim();
  return new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).origin;
}

function checkLatency(ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) {
    throw new RangeError(`latencyMs must be a finite number ≥ 0, got ${ms}`);
  }
  return ms;
}

/**
 * Creates a fake Kinde with its own keys, tokens, counters and faults.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createFakeKinde } from "@acme/kinde-keys-testing";
 *
 * const fake = createFakeKinde({ keys: [{ key: "k_live_0123", orgCode: "org_acme", scopes: ["read:reports"] }] });
 * const server = setupServer(...fake.handlers);
 * server.listen({ onUnhandledFrame: "error" });
 * ```
 */
export function createFakeKinde(options: FakeKindeOptions = {}): FakeKinde {
  const origin = toOrigin(options.domain ?? "fake-kinde.test");
  const clientId = options.clientId ?? "fake-client-id";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const clientScopes = [...(options.clientScopes ?? DEFAULT_CLIENT_SCOPES)];
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 86_400;
  if (!(tokenTtlSeconds > 0)) {
    throw new RangeError(`tokenTtlSeconds must be positive, got ${tokenTtlSeconds}`);
  }
  let unknownKeyAnswer: UnknownKeyAnswer = options.unknownKeyAnswer ?? "is-valid-false";
  let latencyMs = checkLatency(options.latencyMs ?? 0);

  const store = new KeysStore();
  for (const seed of options.keys ?? []) store.add(seed);
  const tokens = new TokenIssuer();
  const faults = new FaultQueue();
  const calls: { -readonly [K in keyof FakeKindeCalls]: number } = { ...ZERO_CALLS };

  const routeNotFound = (request: Request, url: URL): Response =>
    kindeError(404, "ROUTE_NOT_FOUND", `No route for ${request.method} ${url.pathname}`);

  /** The normal answer: what Kinde would send when nothing goes wrong on the way. */
  async function answer(request: Request, route: Route, url: URL): Promise<Response> {
    if (route.kind === "token") {
      return handleTokenRequest(request, {
        origin,
        clientId,
        clientSecret,
        clientScopes,
        tokenTtlSeconds,
        tokens,
      });
    }
    if (route.kind === "unknown") {
      return routeNotFound(request, url);
    }
    const scope = route.kind === "unknown-api" ? undefined : REQUIRED_SCOPES[route.kind];
    const denied = authorizeApiCall(request, tokens, scope);
    if (denied) return denied;
    switch (route.kind) {
      case "verify":
        return handleVerifyRequest(request, store, unknownKeyAnswer);
      case "list":
        return handleListRequest(url, store);
      case "create":
        return handleCreateRequest(request, store);
      case "get":
        return handleGetRequest(route.id, store);
      case "rotate":
        return handleRotateRequest(route.id, store);
      case "delete":
        return handleDeleteRequest(route.id, store);
      default:
        return routeNotFound(request, url);
    }
  }

  /** What an injected fault turns the answer into. */
  async function applyFault(
    fault: FakeFault,
    request: Request,
    normal: () => Promise<Response>,
    oauth: boolean,
  ): Promise<Response> {
    switch (fault.type) {
      case "status":
        return jsonResponse(
          // An explicit `body: null` is a body too; only a missing one gets Kinde's error shape.
          fault.body !== undefined ? fault.body : defaultErrorBody(fault.status, oauth),
          fault.status,
          fault.headers,
        );
      case "delay":
        await sleep(fault.ms, request.signal);
        return normal();
      case "hang":
        return waitForAbort(request.signal);
      case "reset":
        throw new FakeConnectionResetError();
      case "non-json":
        return new Response("<html>oops</html>", {
          status: 200,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
      case "body":
        return jsonResponse(fault.body, fault.status ?? 200);
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = matchRoute(request.method, url.pathname);
    const counted = countedCall(route);
    calls.total += 1;
    if (counted) calls[counted] += 1;
    // The fault is claimed before any waiting, so `times` follows arrival order.
    const fault = faults.take(faultGroup(route));
    if (latencyMs > 0) await sleep(latencyMs, request.signal);
    else request.signal.throwIfAborted();
    const normal = () => answer(request, route, url);
    return fault ? applyFault(fault, request, normal, route.kind === "token") : normal();
  }

  const fake: FakeKinde = {
    origin,
    clientId,
    clientSecret,
    fetch: handle,
    handlers: createMswHandlers(origin, handle),
    addKey: (seed) => store.add(seed),
    getKey: (id) => store.snapshot(id),
    setKeyStatus: (id, status) => store.setStatus(id, status),
    revokeKey: (id) => store.setStatus(id, "revoked"),
    rotateKey: (id) => store.rotate(id),
    removeKey: (id) => store.remove(id),
    get calls() {
      return Object.freeze({ ...calls });
    },
    resetCalls() {
      Object.assign(calls, ZERO_CALLS);
    },
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    setUnknownKeyAnswer(next) {
      unknownKeyAnswer = next;
    },
    setLatency(ms) {
      latencyMs = checkLatency(ms);
    },
  };
  return Object.freeze(fake);
}
