/**
 * @module management/keys
 * The key manager behind `createKeyManager(kinde)`: creating, listing, reading, rotating and
 * deleting API keys through Kinde's management API (`/api/v1/api_keys`). It shares the client's
 * HTTP client and M2M token manager, so timeouts, the 401 → fresh-token-once rule and error codes
 * are the same as for `verify`. The calls themselves are in `calls.ts`, their input checks in
 * `input.ts`.
 */
import type { TokenManager } from "../kinde/token.ts";
import type { HttpSettings } from "../kinde/transport.ts";
import { createKey, deleteKey, getKey, listKeys, rotateKey } from "./calls.ts";
import type { CreateApiKeyInput, KeyRequestOptions, ListApiKeysOptions } from "./input.ts";
import { createSender } from "./request.ts";
import { type RolledOverApiKey, type RolloverOptions, rolloverKey } from "./rollover.ts";
import type { ApiKeyInfo, IssuedApiKey } from "./schemas.ts";
import { scopeResolver } from "./scope-names.ts";

export type {
  CreateApiKeyInput,
  KeyRequestOptions,
  ListApiKeysOptions,
  ListableKeyType,
} from "./input.ts";
export type { RolledOverApiKey, RolloverOptions } from "./rollover.ts";

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
   * Scopes by name (`scopes: ["read:reports"]`) are resolved to ids with
   * `GET /api/v1/apis/{api_id}/scopes`, which needs **`read:api_scopes`** too (read once per API
   * and client); scopes by id (`scopeIds`) are sent as they are.
   *
   * Retried only on 429. After `KINDE_UNAVAILABLE` the key may or may not exist (the answer may
   * have been lost); `list` to check before creating again.
   *
   * @throws {KindeKeysError} `CONFIG_INVALID` for unusable input (no request is made) or a scope
   * name the API does not define, `KINDE_AUTH_FAILED` (credentials, or a scope is missing:
   * `create:api_keys`, or `read:api_scopes` for names), `KINDE_BAD_RESPONSE` (Kinde refused
   * the input, e.g. 400 for an unknown API, with `status` set; or an unreadable answer),
   * `KINDE_UNAVAILABLE`
   * @example
   * ```ts
   * const { id, key } = await keys.create({
   *   name: "Acme CI", apiId: "api_123", scopes: ["read:reports"], orgCode: "org_acme",
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
  /**
   * Kinde's recommended dual-key rotation: creates a sibling of the key (same API, scopes and
   * owner) and returns its secret with the old id. Unlike {@link ApiKeyManager.rotate}, the old key
   * stays active, so its clients keep working while they move to the new secret; call
   * `delete(oldId)` when they have. Reads the key (`read:api_keys`), resolves its scope names to
   * ids (**`read:api_scopes`**), then creates (`create:api_keys`).
   *
   * @throws {KindeKeysError} `KINDE_BAD_RESPONSE` with `status: 404` when there is no such key;
   * `KINDE_AUTH_FAILED` naming the missing scope (`read:api_scopes` included); otherwise as
   * {@link ApiKeyManager.create}
   * @example
   * ```ts
   * const { id, key, oldId } = await keys.rollover("api_key_0195ac80…");
   * // hand `key` to the client; once it uses it:
   * await keys.delete(oldId);
   * ```
   */
  rollover(id: string, options?: RolloverOptions): Promise<RolledOverApiKey>;
}

/** What the key manager needs from its client. */
export interface ApiKeyManagerDeps {
  /** The client's HTTP settings, which the manager's HTTP client is made from. */
  readonly http: HttpSettings;
  readonly tokens: TokenManager;
  /** Drops a key id's cached results (the client's `invalidateKeyId`). */
  invalidateKeyId(id: string): Promise<void>;
}

/** Creates the key manager of one client. */
export function createApiKeyManager(deps: ApiKeyManagerDeps): ApiKeyManager {
  const send = createSender(deps.http, deps.tokens);
  // Scope lists are kept per client: its token manager is one object for every key manager of it.
  const resolve = scopeResolver(deps.tokens, send);
  return {
    create: (input, options = {}) => createKey(send, resolve, input, options),
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
    // The old key stays active until `delete(oldId)`, so its cached verification stays true.
    rollover: (id, options = {}) => rolloverKey(send, resolve, id, options),
  };
}
