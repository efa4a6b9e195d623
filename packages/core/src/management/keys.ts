/**
 * @module management/keys
 * The key manager behind `createKeyManager(kinde)`: creating, listing, reading, rotating and
 * deleting API keys through Kinde's management API (`/api/v1/api_keys`). It shares the client's
 * HTTP client and M2M token manager, so timeouts, the 401 → fresh-token-once rule and error codes
 * are the same as for `verify`. The calls themselves are in `calls.ts`, their input checks in
 * `input.ts`.
 */
import type { KyInstance } from "ky";
import type { TokenManager } from "../kinde/token.ts";
import { createKey, deleteKey, getKey, listKeys, rotateKey } from "./calls.ts";
import type { CreateApiKeyInput, KeyRequestOptions, ListApiKeysOptions } from "./input.ts";
import { createSender } from "./request.ts";
import type { ApiKeyInfo, IssuedApiKey } from "./schemas.ts";

export type { CreateApiKeyInput, KeyRequestOptions, ListApiKeysOptions } from "./input.ts";

/**
 * The key manager of a client, from `createKeyManager(kinde)`. Every call needs an M2M token whose application
 * holds the scope named on it, else it rejects with `KINDE_AUTH_FAILED`.
 *
 * Rotating or deleting a key also drops its cached results (`kinde.invalidateKeyId(id)`): on this
 * client, and on every instance sharing its cache store (Redis).
 */
export interface ApiKeyManager {
  /**
   * Creates a key (`POST /api/v1/api_keys`, M2M scope **`create:api_keys`**). The answer holds the
   * secret, the only time Kinde shows it: hand it over, never log it.
   *
   * Retried only on 429. After `KINDE_UNAVAILABLE` the key may or may not exist (the answer may
   * have been lost); `list` to check before creating again.
   *
   * @throws {KindeKeysError} `CONFIG_INVALID` for unusable input (no request is made),
   * `KINDE_AUTH_FAILED` (credentials, or the scope is missing), `KINDE_BAD_RESPONSE` (Kinde refused
   * the input, e.g. 400 for an unknown API, with `status` set; or an unreadable answer),
   * `KINDE_UNAVAILABLE`
   * @example
   * ```ts
   * const { id, key } = await keys.create({
   *   name: "Acme CI", apiId: "api_123", scopeIds: ["scope_read_reports"], orgCode: "org_acme",
   * });
   * ```
   */
  create(input: CreateApiKeyInput, options?: KeyRequestOptions): Promise<IssuedApiKey>;
  /**
   * Lists keys (`GET /api/v1/api_keys`, M2M scope **`read:api_keys`**), requesting page after page
   * (`starting_after`) while Kinde answers `has_more`. Pages are fetched as you iterate; breaking
   * out of the loop stops paging.
   *
   * @throws {KindeKeysError} as {@link ApiKeyManager.get}, from the iteration
   * @example
   * ```ts
   * for await (const key of keys.list({ orgCode: "org_acme", status: "active" })) {
   *   console.log(key.id, key.name, key.lastVerifiedOn);
   * }
   * ```
   */
  list(options?: ListApiKeysOptions): AsyncIterableIterator<ApiKeyInfo>;
  /**
   * One key by id (`GET /api/v1/api_keys/{key_id}`, M2M scope **`read:api_keys`**), or `undefined`
   * when Kinde answers 404.
   *
   * @throws {KindeKeysError} `CONFIG_INVALID` for an id that cannot be a key id,
   * `KINDE_AUTH_FAILED`, `KINDE_BAD_RESPONSE`, `KINDE_UNAVAILABLE`
   */
  get(id: string, options?: KeyRequestOptions): Promise<ApiKeyInfo | undefined>;
  /**
   * Gives the key a new secret (`PUT /api/v1/api_keys/{key_id}`, M2M scope **`update:api_keys`**);
   * id, scopes and owner stay. Kinde makes the old secret fail at once, and the key id's cached
   * results are dropped (see {@link ApiKeyManager}). Retried only on 429.
   *
   * @throws {KindeKeysError} `KINDE_BAD_RESPONSE` with `status: 404` when there is no such key;
   * otherwise as {@link ApiKeyManager.create}
   */
  rotate(id: string, options?: KeyRequestOptions): Promise<IssuedApiKey>;
  /**
   * Deletes (revokes) a key (`DELETE /api/v1/api_keys/{key_id}`, M2M scope **`delete:api_keys`**).
   * Verifying it then answers `revoked` or `invalid` at once: the key id's cached results are
   * dropped (see {@link ApiKeyManager}).
   *
   * @throws {KindeKeysError} `KINDE_BAD_RESPONSE` with `status: 404` when there is no such key;
   * otherwise as {@link ApiKeyManager.get}
   */
  delete(id: string, options?: KeyRequestOptions): Promise<void>;
}

/** What the key manager needs from its client. */
export interface ApiKeyManagerDeps {
  readonly http: KyInstance;
  readonly tokens: TokenManager;
  /** Drops a key id's cached results (the client's `invalidateKeyId`). */
  invalidateKeyId(id: string): Promise<void>;
}

/** Creates the key manager of one client. */
export function createApiKeyManager(deps: ApiKeyManagerDeps): ApiKeyManager {
  const send = createSender(deps.http, deps.tokens);
  return {
    create: (input, options = {}) => createKey(send, input, options),
    list: (options = {}) => listKeys(send, options),
    get: (id, options = {}) => getKey(send, id, options),
    async rotate(id, options = {}) {
      const issued = await rotateKey(send, id, options);
      await deps.invalidateKeyId(id);
      return issued;
    },
    async delete(id, options = {}) {
      await deleteKey(send, id, options);
      await deps.invalidateKeyId(id);
    },
  };
}
