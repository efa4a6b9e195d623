/**
 * @module client
 * `createKindeKeys`: builds everything once (configuration, HTTP client, token manager, cache,
 * verifier, key manager) and hands out `verify`, `authorize`, `invalidate` and `keys`.
 */

import { type KindeConnectionConfig, resolveConnection } from "./config.ts";
import { type CacheOptions, resolveCache } from "./kinde/cache.ts";
import { createTokenManager } from "./kinde/token.ts";
import { createHttpClient } from "./kinde/transport.ts";
import { createVerifier, type VerifyOptions } from "./kinde/verify.ts";
import { type ApiKeyManager, createApiKeyManager } from "./management/keys.ts";
import type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
} from "./request/authorize.ts";
import { createAuthorizer } from "./request/authorize.ts";
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
  /** Runs the full pipeline once. For a middleware, prefer {@link KindeKeys.authorizer}. */
  authorize<Context = unknown>(
    input: AuthorizeInput<Context>,
    options?: AuthorizeOptions<Scope, Context>,
  ): Promise<AuthorizeResult>;
  /** Compiles the pipeline once for a route or middleware; call the result per request. */
  authorizer<Context = unknown>(options?: AuthorizeOptions<Scope, Context>): Authorizer<Context>;
  /**
   * Creates, lists, reads, rotates and deletes keys through Kinde's management API, with the same
   * token, retries and errors as `verify`. Each call needs its own M2M scope (`read:api_keys`,
   * `create:api_keys`, `update:api_keys`, `delete:api_keys`).
   */
  readonly keys: ApiKeyManager;
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
  const verifier = createVerifier({
    http,
    tokens,
    cache: resolveCache(config.cache),
    onVerify: config.onVerify,
    logger: connection.logger,
  });
  let rateLimitStore: RateLimitStore | undefined;
  const deps = {
    verify: verifier.verify,
    defaultRateLimitStore: () => {
      rateLimitStore ??= memoryRateLimitStore();
      return rateLimitStore;
    },
  };
  return {
    origin: connection.origin,
    verify: verifier.verify,
    invalidate: verifier.invalidate,
    authorize: (input, options) => createAuthorizer(deps, options)(input),
    authorizer: (options) => createAuthorizer(deps, options),
    keys: createApiKeyManager({ http, tokens }),
  };
}
