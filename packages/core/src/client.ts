/**
 * @module client
 * `createKindeKeys`: builds everything once (configuration, HTTP client, token manager, cache,
 * verifier) and hands out `verify` and `invalidate`. The request pipeline is `authorize(kinde, …)`
 * (and the adapter kit's `createAuthorizer`), built from the client's hidden internals. Key management is
 * not on the client: `createKeyManager(kinde)` from `@acme/kinde-keys-core/management` builds it
 * from the client's hidden internals, so an app that only verifies keys never bundles it.
 */
import { type KindeConnectionConfig, resolveConnection } from "./config.ts";
import { attachInternals } from "./internals.ts";
import { type CacheOptions, resolveCache } from "./kinde/cache.ts";
import { createTokenManager } from "./kinde/token.ts";
import { createHttpClient } from "./kinde/transport.ts";
import { createVerifier, type VerifyOptions } from "./kinde/verify.ts";
import type { RegisteredScope } from "./register.ts";
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
export function createKindeKeys<Scope extends RegisteredScope = RegisteredScope>(
  config: KindeKeysConfig = {},
): KindeKeys<Scope> {
  const connection = resolveConnection(config);
  const http = createHttpClient(connection);
  const tokens = createTokenManager(connection, http);
  const verifier = createVerifier({
    http,
    tokens,
    cache: resolveCache(config.cache),
    onVerify: config.onVerify,
    logger: connection.logger,
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
