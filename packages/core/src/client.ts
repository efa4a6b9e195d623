/**
 * @module client
 * `createKindeKeys`: builds everything once (configuration, HTTP client, token manager, cache,
 * verifier) and hands out `verify` and `invalidate`. The request pipeline is `authorize(kinde, …)`
 * (and the adapter kit's `createAuthorizer`), built from the client's hidden internals. Key management is
 * not on the client: `createKeyManager(kinde)` from `@acme/kinde-keys-core/management` builds it
 * from the client's hidden internals, so an app that only verifies keys never bundles it.
 */
import { type KindeConnectionConfig, positive, resolveConnection } from "./config.ts";
import { attachInternals } from "./internals.ts";
import { type KeyPattern, keyPatternTest } from "./key-format.ts";
import { createBudget, type VerifyBudgetOptions } from "./kinde/budget.ts";
import { type CacheOptions, resolveCache } from "./kinde/cache.ts";
import { type BreakerOptions, createHealth } from "./kinde/health.ts";
import { createTokenManager } from "./kinde/token.ts";
import { createHttpClient } from "./kinde/transport.ts";
import { createVerifier, type VerifyOptions } from "./kinde/verify.ts";
import { memoryRateLimitStore, type RateLimitStore } from "./request/rate-limit.ts";
import type { VerifyEvent, VerifyResult } from "./types.ts";

/** Settings of {@link createKindeKeys}. */
export interface KindeKeysConfig extends KindeConnectionConfig {
  /**
   * Verification cache; `false` asks Kinde on every call (concurrent calls for one key still share
   * one request).
   * @default { ttlMs: 30000, negativeTtlMs: 5000, maxEntries: 10000 }
   */
  cache?: CacheOptions | false;
  /** Called after every verification with a secret-free event (for metrics and audit logs). */
  onVerify?: (event: VerifyEvent) => void;
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
export interface KindeKeys<Scope extends string = string> {
  /** The Kinde origin this client talks to, e.g. `https://acme.kinde.com`. */
  readonly origin: string;
  /**
   * Verifies a key. Resolves to `{ valid: false, reason }` for anything about the key; rejects with a
   * `KindeKeysError` only when Kinde could not answer or the setup is wrong.
   */
  verify(apiKey: string | null | undefined, options?: VerifyOptions): Promise<VerifyResult>;
  /** Drops a key's cached result, e.g. right after you revoke or rotate it. */
  invalidate(apiKey: string): Promise<void>;
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
export function createKindeKeys<Scope extends string = string>(
  config: KindeKeysConfig = {},
): KindeKeys<Scope> {
  const connection = resolveConnection(config);
  const http = createHttpClient(connection);
  const tokens = createTokenManager(connection, http);
  const cache = resolveCache(config.cache);
  // 0 (off) or a positive number of milliseconds.
  positive("cache.staleIfErrorMs", cache?.staleIfErrorMs || undefined, 0);
  const verifier = createVerifier({
    http,
    tokens,
    cache,
    onVerify: config.onVerify,
    logger: connection.logger,
    health: createHealth(config.breaker, connection.logger),
    budget: createBudget(config.verifyBudget),
    keyPattern: keyPatternTest(config.keyPattern),
  });
  // One memory rate-limit store per client, made on first use: routes without `rateLimit` never
  // pay for it, and all routes of this client that use it share it.
  let rateLimitStore: RateLimitStore | undefined;
  const defaultRateLimitStore = () => {
    rateLimitStore ??= memoryRateLimitStore();
    return rateLimitStore;
  };
  const client: KindeKeys<Scope> = {
    origin: connection.origin,
    verify: verifier.verify,
    invalidate: verifier.invalidate,
  };
  return attachInternals(client, { http, tokens, verify: verifier.verify, defaultRateLimitStore });
}
