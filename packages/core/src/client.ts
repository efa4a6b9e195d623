/**
 * @module client
 * `createKindeKeys`: builds everything once (configuration, HTTP settings, token manager, cache,
 * verifier) and hands out `verify` and `invalidate`. The request pipeline is `authorize(kinde, …)`
 * (and the adapter kit's `createAuthorizer`), built from the client's hidden internals. Key management is
 * not on the client: `createKeyManager(kinde)` from `@acme/kinde-keys-core/management` builds it
 * from the client's hidden internals, so an app that only verifies keys never bundles it.
 */
import {
  checkCacheOptions,
  type KindeConnectionConfig,
  positive,
  resolveConnection,
  resolveStoreSettings,
} from "./config.ts";
import { attachInternals } from "./internals.ts";
import { type KeyPattern, keyPatternTest } from "./key-format.ts";
import { createBudget, type VerifyBudgetOptions } from "./kinde/budget.ts";
import { type CacheOptions, resolveCache } from "./kinde/cache.ts";
import { type BreakerOptions, createHealth } from "./kinde/health.ts";
import { cacheNamespace, keyIdName } from "./kinde/namespace.ts";
import { guardCache } from "./kinde/store-guard.ts";
import { createTokenManager } from "./kinde/token.ts";
import { httpSettings } from "./kinde/transport.ts";
import { createVerifier, type VerifyOptions } from "./kinde/verify.ts";
import type { RegisteredScope } from "./register.ts";
import type { VerifyEvent, VerifyResult } from "./types.ts";

/** Settings of {@link createKindeKeys}. */
export interface KindeKeysConfig extends KindeConnectionConfig {
  /**
   * Verification cache; `false` asks Kinde on every call (concurrent calls for one key still share
   * one request).
   * @default { ttlMs: 30000, negativeTtlMs: 5000, maxEntries: 10000 }
   */
  cache?: CacheOptions | false;
  /**
   * Called after every verification with a secret-free event (for metrics and audit logs). It may
   * be async; a throw or a rejection is logged and changes nothing.
   */
  onVerify?: (event: VerifyEvent) => unknown;
  /**
   * Deadline of one call to a cache or rate-limit store, in ms. A cache call that misses it is a
   * miss; a rate-limit call follows `onStoreError` (error code `STORE_UNAVAILABLE`).
   * @default 250
   */
  storeTimeoutMs?: number;
  /**
   * Secret that entries in a pluggable cache store are sealed with (HMAC-SHA-256 of a key derived
   * from it). Set the same value on every instance sharing a store when they use different client
   * secrets (e.g. while rotating it). At least 16 characters.
   * @default the client secret
   */
  cacheSecret?: string;
  /**
   * The budget of calls to Kinde for keys not known valid (cache misses): a token bucket and a cap
   * on calls in flight. Over it, verify fails at once with `BUDGET_EXHAUSTED` (503 for requests).
   * Keys this instance saw valid recently skip it. `false` removes it.
   * @default { perSecond: 20, burst: 40, maxInFlight: 20 }
   */
  verifyBudget?: VerifyBudgetOptions | false;
  /**
   * The circuit breaker: after `threshold` outages in a row (network, timeout, 5xx, 429), calls to
   * Kinde pause for a backoff (`CIRCUIT_OPEN`, 503 at once), then one probe tests recovery.
   * `false` never pauses (the health logs stay).
   * @default { threshold: 5, backoffMs: 5000 }
   */
  breaker?: BreakerOptions | false;
  /**
   * The shape a key must have, checked before any call: a RegExp (e.g. `KINDE_API_KEY_PATTERN`)
   * or a list of prefixes. A key of another shape is `invalid` without asking Kinde.
   * @default any RFC 6750 token
   */
  keyPattern?: KeyPattern;
}

/**
 * A Kinde API-key client. `Scope` is your API's scope union; routes that name other scopes do not
 * compile.
 */
export interface KindeKeys<Scope extends string = RegisteredScope> {
  /** The Kinde origin this client talks to, e.g. `https://acme.kinde.com`. */
  readonly origin: string;
  /**
   * Verifies a key. Resolves to `{ valid: false, reason }` for anything about the key; rejects with a
   * `KindeKeysError` only when Kinde could not answer or the setup is wrong.
   */
  verify(apiKey: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult>;
  /**
   * Drops a key's cached result, e.g. right after you revoke or rotate it; for a while after (longer
   * than any verification in flight takes) no answer for it is cached, so none from before lands.
   * Surrounding whitespace is ignored, as it is when a key is read from a request.
   */
  invalidate(apiKey: string): Promise<void>;
  /**
   * Drops every cached result of Kinde's key id (`api_key_…`), fleet-wide with a shared store, and
   * likewise caches no answer for it for a while. The key manager calls it after `rotate` and
   * `delete`; call it (or `kinde-keys invalidate --key-id`) for revocations made in Kinde.
   * @throws {TypeError} (as a rejection) for an empty or non-string id
   */
  invalidateKeyId(keyId: string): Promise<void>;
  /** Releases the timers this client owns (it never closes a store's connection: that is yours). */
  close(): Promise<void>;
  /** {@link KindeKeys.close}, for `await using kinde = createKindeKeys(…)`. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * Carries the app's scope union for the functions that take this client (`authorize(kinde, …)`,
   * adapters' `client` option). Type-level only: never set at run time.
   */
  readonly "~scopes"?: Scope;
}

/**
 * Creates a client. Construction checks the configuration and makes no network call.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` when the domain or credentials are missing or unsafe
 * @example
 * ```ts
 * const kinde = createKindeKeys<"read:ai_chats" | "write:ai_chat">({ domain: "acme.kinde.com" });
 * const result = await kinde.verify(apiKey);
 * if (result.valid) console.log(result.key.owner);
 * ```
 */
export function createKindeKeys<Scope extends RegisteredScope = RegisteredScope>(
  config: KindeKeysConfig = {},
): KindeKeys<Scope> {
  const connection = resolveConnection(config);
  const http = httpSettings(connection);
  const tokens = createTokenManager(connection);
  const stores = resolveStoreSettings(config, connection.clientSecret);
  const storeTimeoutMs = stores.timeoutMs;
  const namespace = cacheNamespace(connection.origin, connection.clientId);
  const cache = resolveCache(checkCacheOptions(config.cache));
  // 0 (off) or a positive number of milliseconds.
  positive("cache.staleIfErrorMs", cache?.staleIfErrorMs || undefined, 0);
  const verifier = createVerifier({
    http,
    tokens,
    cache:
      cache &&
      guardCache(cache, {
        logger: connection.logger,
        timeoutMs: storeTimeoutMs,
        // Longer than a verification in flight can take: a token, verify, a fresh token after
        // Kinde refused the first, verify again, each within the total timeout.
        tombstoneMs: 4 * connection.totalTimeoutMs + storeTimeoutMs,
        secret: stores.secret,
        keyIdName: (keyId) => keyIdName(namespace, keyId),
      }),
    namespace,
    ttlMs: cache?.ttlMs ?? 0,
    staleIfErrorMs: cache?.staleIfErrorMs ?? 0,
    onVerify: config.onVerify,
    logger: connection.logger,
    health: createHealth(config.breaker, connection.logger),
    budget: createBudget(config.verifyBudget),
    keyPattern: keyPatternTest(config.keyPattern),
  });
  const closers = new Set<() => unknown>();
  const close = async () => {
    for (const closer of closers) await closer();
    closers.clear();
  };
  const client = {
    origin: connection.origin,
    verify: verifier.verify,
    invalidate: verifier.invalidate,
    invalidateKeyId: verifier.invalidateKeyId,
    close,
  } as KindeKeys<Scope>;
  // Not enumerable, like the internals: a spread or a log of the client shows its data only.
  Object.defineProperty(client, Symbol.asyncDispose, { value: close });
  return attachInternals(client, {
    http,
    tokens,
    verify: verifier.checkExtracted,
    positiveTtlMs: cache?.ttlMs ?? 0,
    peekCached: verifier.peekCached,
    logger: connection.logger,
    storeTimeoutMs,
    onClose: (closer) => void closers.add(closer),
  });
}
