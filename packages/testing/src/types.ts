/**
 * @module types
 * The fake's public shapes: its options, its call counters and the `FakeKinde` object tests steer.
 * Kept apart from `createFakeKinde` so the contract reads without the request handling around it.
 */

import type { FakeClientConfig } from "./client-config.ts";
import type { FakeFault } from "./faults.ts";
import type { FakeKeyRecord, FakeKeySeed, FakeKeyStatus, IssuedKey } from "./keys-store.ts";
import type { UnknownKeyAnswer } from "./verify-endpoint.ts";

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
   * @default `["read:api_keys", "create:api_keys", "update:api_keys", "delete:api_keys", "read:api_scopes"]`
   */
  clientScopes?: string[];
  /**
   * APIs and the scope names each defines, served by `GET /api/v1/apis/{api_id}/scopes` with an
   * `api_scope_…` id per scope. Keys added with scopes define them on their API too, and
   * `api_fake` (the default API of a key) always exists.
   * @default `{}`
   * @example `{ apis: { api_reports: ["read:reports", "write:reports"] } }`
   */
  apis?: Readonly<Record<string, readonly string[]>>;
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
  /** `GET /api/v1/apis/{api_id}/scopes` */
  readonly scopes: number;
  /** Every request, unknown paths included. */
  readonly total: number;
}

/**
 * A fake Kinde without MSW handlers: what `startFakeKinde` serves (`running.fake`). The one from
 * `createFakeKinde` adds `handlers`.
 *
 * @example
 * ```ts
 * const { fake } = await startFakeKinde();
 * const { key } = fake.addKey({ scopes: ["read:reports"] });
 * const answer = await fake.fetch(new Request(`${fake.origin}/oauth2/token`, { method: "POST" }));
 * ```
 */
export interface FakeKindeCore {
  /** Origin the fake answers on, e.g. `"https://fake-kinde.test"`; token audience is `${origin}/api`. */
  readonly origin: string;
  /** The M2M client id the token endpoint accepts. */
  readonly clientId: string;
  /** The M2M client secret the token endpoint accepts. */
  readonly clientSecret: string;
  /**
   * Answers one request, as Kinde would. Every other transport wraps this. It takes what `fetch`
   * takes, so it can stand in for it: `createKindeKeys(fake.clientConfig({ fetch: fake.fetch }))`
   * reaches the fake in process, without MSW or a socket.
   * Rejects with `FakeConnectionResetError` on a `reset` fault, and with the signal's reason when
   * the request is aborted while a delay, latency or `hang` is pending.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /**
   * Settings for `createKindeKeys` or an adapter's `kindeApiKey` that reach this fake:
   * `{ domain, clientId, clientSecret, cache: false }` with `overrides` on top. The cache is off
   * so that a revocation shows on the very next request; pass `{ cache: {} }` to test with it.
   *
   * @example
   * ```ts
   * const kinde = createKindeKeys(fake.clientConfig());
   * const inProcess = createKindeKeys(fake.clientConfig({ fetch: fake.fetch })); // no MSW needed
   * app.use(kindeApiKey({ ...fake.clientConfig(), scopes: ["read:reports"] }));
   * ```
   */
  clientConfig(): FakeClientConfig;
  clientConfig<Overrides extends object>(
    overrides: Overrides,
  ): Omit<FakeClientConfig, keyof Overrides> & Overrides;
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
