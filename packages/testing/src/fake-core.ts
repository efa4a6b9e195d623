/**
 * @module fake-core
 * The fake itself, without MSW: a stateful, in-memory Kinde that answers the token endpoint, verify and the
 * API-keys management calls. It is written once, as a Fetch handler (`fake.fetch`); the MSW handlers
 * and the loopback server only carry requests to it, so all three transports behave identically.
 * Tests steer it through methods (add, revoke, rotate keys; inject faults; expire tokens) and read
 * back what the client did through `fake.calls`.
 */

import { authorizeApiCall, REQUIRED_SCOPES } from "./api-auth.ts";
import { clientConfigOf } from "./client-config.ts";
import { answerWithFault } from "./fault-answer.ts";
import { FaultQueue } from "./faults.ts";
import { KeysStore } from "./keys-store.ts";
import {
  handleCreateRequest,
  handleDeleteRequest,
  handleGetRequest,
  handleListRequest,
  handleRotateRequest,
  handleScopesRequest,
} from "./management-endpoints.ts";
import { routeNotFound as answerRouteNotFound } from "./responses.ts";
import { countedCall, faultGroup, matchRoute, type Route } from "./routes.ts";
import { sleep } from "./sleep.ts";
import { handleTokenRequest } from "./token-endpoint.ts";
import { TokenIssuer } from "./tokens.ts";
import type { FakeKindeCalls, FakeKindeCore, FakeKindeOptions } from "./types.ts";
import { handleVerifyRequest, type UnknownKeyAnswer } from "./verify-endpoint.ts";

const DEFAULT_CLIENT_SCOPES = [
  "read:api_keys",
  "create:api_keys",
  "update:api_keys",
  "delete:api_keys",
  "read:api_scopes",
];

const ZERO_CALLS: FakeKindeCalls = {
  token: 0,
  verify: 0,
  list: 0,
  get: 0,
  create: 0,
  rotate: 0,
  delete: 0,
  scopes: 0,
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
 * Builds a fake Kinde with its own keys, tokens, counters and faults, plus what `extra` adds from
 * its origin and Fetch handler (the MSW handlers, for `createFakeKinde`). Kept free of MSW, so the
 * loopback server (`@acme/kinde-keys-testing/server`) runs where MSW is not installed.
 */
export function buildFakeKinde<Extra extends object>(
  options: FakeKindeOptions,
  extra: (origin: string, handle: (request: Request) => Promise<Response>) => Extra,
): FakeKindeCore & Extra {
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
  for (const [apiId, scopes] of Object.entries(options.apis ?? {}))
    store.apis.define(apiId, scopes);
  for (const seed of options.keys ?? []) store.add(seed);
  const tokens = new TokenIssuer();
  const faults = new FaultQueue();
  const calls: { -readonly [K in keyof FakeKindeCalls]: number } = { ...ZERO_CALLS };

  const routeNotFound = (request: Request, url: URL): Response =>
    answerRouteNotFound(request.method, url.pathname);

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
      case "scopes":
        return handleScopesRequest(route.apiId, store);
      default:
        return routeNotFound(request, url);
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
    return fault ? answerWithFault(fault, request, normal, route.kind === "token") : normal();
  }

  const fake: FakeKindeCore & Extra = {
    ...extra(origin, handle),
    origin,
    clientId,
    clientSecret,
    // A Request passes through as it is: copying it would cost every in-process call a clone.
    fetch: (input, init) =>
      handle(input instanceof Request && init === undefined ? input : new Request(input, init)),
    addKey: (seed) => store.add(seed),
    getKey: (id) => store.snapshot(id),
    setKeyStatus: (id, status) => store.setStatus(id, status),
    revokeKey: (id) => store.setStatus(id, "revoked"),
    rotateKey: (id) => store.rotate(id),
    removeKey: (id) => store.remove(id),
    clientConfig: (overrides?: object) => clientConfigOf(fake, overrides),
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
