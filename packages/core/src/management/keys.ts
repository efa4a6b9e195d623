/**
 * @module management/keys
 * `kinde.keys`: creating, listing, reading, rotating and deleting API keys through Kinde's
 * management API (`/api/v1/api_keys`). It shares the client's HTTP client and M2M token manager, so
 * timeouts, the 401 → fresh-token-once rule and error codes are the same as for `verify`.
 *
 * Two calls are not idempotent: `create` (POST) and `rotate` (PUT). A retry after a lost answer
 * could mint a second key or rotate twice, so they are retried only on 429, which Kinde sends
 * without acting on the request. Reads and deletes keep the client's full retry policy.
 */
import { isHTTPError, type KyInstance, type Options as KyOptions } from "ky";
import { isKindeKeysError, KindeKeysError } from "../errors.ts";
import { errorResponseSchema } from "../kinde/schemas.ts";
import { type TokenManager, withToken } from "../kinde/token.ts";
import { httpFailure, readJson, toKindeKeysError } from "../kinde/transport.ts";
import type { KeyStatus } from "../types.ts";
import {
  type ApiKeyInfo,
  type ApiKeyType,
  getKeyResponseSchema,
  type IssuedApiKey,
  issuedKeyResponseSchema,
  listKeysResponseSchema,
  parseAnswer,
  toApiKeyInfo,
} from "./schemas.ts";

/** Options every management call takes. */
export interface KeyRequestOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface CreateApiKeyBase {
  /** Display name of the key in Kinde. */
  name: string;
  /** Id of the Kinde API the key belongs to (`api_id`). */
  apiId: string;
  /**
   * Ids of the API's scopes to grant, sent as Kinde's `scope_ids`. Kinde's spec asks for scope
   * *ids* (see `GET /api/v1/apis/{api_id}/scopes`), not names such as `read:reports`; the fake in
   * `@acme/kinde-keys-testing` takes the names as ids. Scopes are fixed for the key's lifetime.
   * @default []
   */
  scopeIds?: readonly string[];
}

/**
 * What {@link ApiKeyManager.create} needs: a name, the API, the scope ids, and exactly one owner.
 * An environment key works for the whole environment, so it must be asked for explicitly
 * (`environment: true`) rather than created by forgetting `orgCode`.
 */
export type CreateApiKeyInput =
  | (CreateApiKeyBase & { orgCode: string; userId?: never; environment?: never })
  | (CreateApiKeyBase & { userId: string; orgCode?: never; environment?: never })
  | (CreateApiKeyBase & { environment: true; orgCode?: never; userId?: never });

/** Filters and paging of {@link ApiKeyManager.list}. */
export interface ListApiKeysOptions extends KeyRequestOptions {
  /** Only keys of this organization (`org_code`). */
  orgCode?: string;
  /** Only keys of this user (`user_id`). */
  userId?: string;
  /** Only keys in this state. */
  status?: KeyStatus;
  /** Only keys of this type (`key_type`; Kinde's spec documents `organization` and `user`). */
  keyType?: ApiKeyType;
  /**
   * Keys per request (`page_size`); `list` keeps requesting pages while Kinde says `has_more`.
   * @default Kinde's default (50)
   */
  pageSize?: number;
}

/**
 * The management half of a client: `kinde.keys`. Every call needs an M2M token whose application
 * holds the scope named on it, else it rejects with `KINDE_AUTH_FAILED`.
 *
 * Rotating or deleting a key cannot drop it from this client's verification cache: the cache is
 * keyed by the SHA-256 of the secret, which the management API never returns. The old secret may
 * therefore still verify as valid through this client for up to `cache.ttlMs` (30 s by default),
 * and through other instances sharing a cache store likewise. Call `kinde.invalidate(oldSecret)`
 * when you hold the old secret, or keep `ttlMs` short.
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
   * const { id, key } = await kinde.keys.create({
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
   * for await (const key of kinde.keys.list({ orgCode: "org_acme", status: "active" })) {
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
   * id, scopes and owner stay. Kinde makes the old secret fail at once, but this client's cache may
   * still accept it for up to `cache.ttlMs` (see {@link ApiKeyManager}). Retried only on 429.
   *
   * @throws {KindeKeysError} `KINDE_BAD_RESPONSE` with `status: 404` when there is no such key;
   * otherwise as {@link ApiKeyManager.create}
   */
  rotate(id: string, options?: KeyRequestOptions): Promise<IssuedApiKey>;
  /**
   * Deletes (revokes) a key (`DELETE /api/v1/api_keys/{key_id}`, M2M scope **`delete:api_keys`**).
   * Verifying it then answers `revoked` or `invalid`, once this client's cache entry (if any) has
   * expired (see {@link ApiKeyManager}).
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
}

const KEYS_PATH = "api/v1/api_keys";
// Kinde's key ids look like `api_key_0195ac80…`. Anything else (`..`, `/`, `?`) could change the
// request's path, so it is refused before a request is made.
const KEY_ID = /^[\w-]{1,256}$/;
const KEY_TYPES: ReadonlySet<string> = new Set<ApiKeyType>(["organization", "user", "environment"]);
const KEY_STATUSES: ReadonlySet<string> = new Set<KeyStatus>(["active", "inactive", "revoked"]);

/**
 * Retry only 429 (Kinde did not act on the request), for calls whose repetition would change
 * something twice. `undefined` hands 429 to ky's default handling, which honours `Retry-After`.
 */
const RETRY_ONLY_RATE_LIMITS: KyOptions = {
  retry: {
    shouldRetry: ({ error }) =>
      isHTTPError(error) && error.response.status === 429 ? undefined : false,
  },
};

function invalidInput(what: string, message: string): KindeKeysError {
  return new KindeKeysError("CONFIG_INVALID", `${what}: ${message}`);
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== "string" || !KEY_ID.test(id)) {
    throw invalidInput(what, "`id` must be a Kinde API key id such as `api_key_0195ac80…`.");
  }
  return id;
}

function checkText(value: unknown, name: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalidInput(what, `\`${name}\` must be a non-empty string.`);
  }
  return value;
}

/** Kinde's own words for a refused request, shortened and stripped of control characters. */
function kindeReason(data: unknown): string {
  const parsed = errorResponseSchema.safeParse(data);
  const first = parsed.success ? parsed.data.errors?.[0] : undefined;
  const text = [first?.code, first?.message].filter(Boolean).join(": ");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200);
}

/** A 401 from a management call is always about the M2M token: refresh it once. */
function isTokenRejected(error: unknown): boolean {
  return httpFailure(error)?.status === 401;
}

/**
 * Turns a failed management call into the error callers see. 401 (after a fresh token) and 403
 * name the M2M scope the call needs; other 4xx are Kinde refusing the input, reported as
 * `KINDE_BAD_RESPONSE` with the status and Kinde's reason.
 */
function toManagementError(
  error: unknown,
  what: string,
  scope: string,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted) return signal.reason;
  const failure = httpFailure(error);
  if (!failure) return toKindeKeysError(error, what, signal);
  const { status } = failure;
  if (status === 401 || status === 403) {
    return new KindeKeysError(
      "KINDE_AUTH_FAILED",
      `${what}: Kinde refused the M2M credentials (${status}); the application needs the ${scope} scope.`,
      { status },
    );
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const reason = kindeReason(failure.data);
    const message =
      status === 404
        ? `${what}: Kinde has no such API key (404${reason ? ` ${reason}` : ""}).`
        : `${what}: Kinde refused the request (${status}${reason ? ` ${reason}` : ""}).`;
    return new KindeKeysError("KINDE_BAD_RESPONSE", message, { status });
  }
  return toKindeKeysError(error, what, signal);
}

/** Creates the key manager of one client. */
export function createApiKeyManager(deps: ApiKeyManagerDeps): ApiKeyManager {
  const { http, tokens } = deps;

  /**
   * One management request with a token (refreshed once on 401) and the call's error mapping;
   * resolves to the status and, unless `skipBody`, the parsed JSON body.
   */
  async function send(
    what: string,
    scope: string,
    signal: AbortSignal | undefined,
    request: (headers: Record<string, string>) => Promise<Response>,
    skipBody = false,
  ): Promise<{ status: number; body: unknown }> {
    try {
      return await withToken(
        tokens,
        async (token) => {
          const response = await request({ authorization: `Bearer ${token}` });
          if (skipBody) {
            await response.body?.cancel();
            return { status: response.status, body: undefined };
          }
          return { status: response.status, body: await readJson(response, what) };
        },
        isTokenRejected,
        signal,
      );
    } catch (error) {
      throw toManagementError(error, what, scope, signal);
    }
  }

  async function issue(
    what: string,
    scope: string,
    signal: AbortSignal | undefined,
    request: (headers: Record<string, string>) => Promise<Response>,
  ): Promise<IssuedApiKey> {
    const { status, body } = await send(what, scope, signal, request);
    const { api_key } = parseAnswer(issuedKeyResponseSchema, body, what, status);
    // A fresh object: nothing else from the answer travels along with the secret.
    return { id: api_key.id, key: api_key.key };
  }

  function ownerFields(input: CreateApiKeyInput, what: string): Record<string, string> {
    const owners = [
      input.orgCode !== undefined,
      input.userId !== undefined,
      input.environment !== undefined,
    ].filter(Boolean).length;
    if (owners !== 1) {
      throw invalidInput(what, "pass exactly one of `orgCode`, `userId` or `environment: true`.");
    }
    if (input.orgCode !== undefined) {
      return { type: "organization", org_code: checkText(input.orgCode, "orgCode", what) };
    }
    if (input.userId !== undefined) {
      return { type: "user", user_id: checkText(input.userId, "userId", what) };
    }
    if (input.environment !== true) throw invalidInput(what, "`environment` must be `true`.");
    return { type: "environment" };
  }

  async function* list(options: ListApiKeysOptions = {}): AsyncGenerator<ApiKeyInfo, void> {
    const what = "List API keys";
    const { signal, pageSize } = options;
    const query = new URLSearchParams();
    if (pageSize !== undefined) {
      if (!Number.isInteger(pageSize) || pageSize < 1) {
        throw invalidInput(what, "`pageSize` must be a positive integer.");
      }
      query.set("page_size", String(pageSize));
    }
    if (options.keyType !== undefined) {
      if (!KEY_TYPES.has(options.keyType)) throw invalidInput(what, "unknown `keyType`.");
      query.set("key_type", options.keyType);
    }
    if (options.status !== undefined) {
      if (!KEY_STATUSES.has(options.status)) throw invalidInput(what, "unknown `status`.");
      query.set("status", options.status);
    }
    if (options.userId !== undefined) {
      query.set("user_id", checkText(options.userId, "userId", what));
    }
    if (options.orgCode !== undefined) {
      query.set("org_code", checkText(options.orgCode, "orgCode", what));
    }
    let startingAfter: string | undefined;
    for (;;) {
      const searchParams = new URLSearchParams(query);
      if (startingAfter !== undefined) searchParams.set("starting_after", startingAfter);
      const { status, body } = await send(what, "read:api_keys", signal, (headers) =>
        http.get(KEYS_PATH, { searchParams, headers, signal }),
      );
      const page = parseAnswer(listKeysResponseSchema, body, what, status);
      const keys = page.api_keys ?? [];
      for (const raw of keys) yield toApiKeyInfo(raw);
      if (page.has_more !== true) return;
      const last = keys.at(-1)?.id;
      // A page that says "more" but gives no new cursor would make this loop forever.
      if (last === undefined || last === startingAfter) {
        throw new KindeKeysError(
          "KINDE_BAD_RESPONSE",
          `${what}: Kinde said there are more keys but the page gave no new cursor.`,
          { status },
        );
      }
      startingAfter = last;
    }
  }

  return {
    async create(input, options = {}) {
      const what = "Create API key";
      const scopeIds = input.scopeIds ?? [];
      if (!Array.isArray(scopeIds) || !scopeIds.every((id) => typeof id === "string" && id)) {
        throw invalidInput(what, "`scopeIds` must be an array of non-empty strings.");
      }
      const json = {
        name: checkText(input.name, "name", what),
        api_id: checkText(input.apiId, "apiId", what),
        scope_ids: [...scopeIds],
        ...ownerFields(input, what),
      };
      return issue(what, "create:api_keys", options.signal, (headers) =>
        http.post(KEYS_PATH, { ...RETRY_ONLY_RATE_LIMITS, json, headers, signal: options.signal }),
      );
    },

    list,

    async get(id, options = {}) {
      const what = "Get API key";
      const path = `${KEYS_PATH}/${checkId(id, what)}`;
      const { signal } = options;
      try {
        const { status, body } = await send(what, "read:api_keys", signal, (headers) =>
          http.get(path, { headers, signal }),
        );
        return toApiKeyInfo(parseAnswer(getKeyResponseSchema, body, what, status).api_key);
      } catch (error) {
        if (isKindeKeysError(error) && error.status === 404) return undefined;
        throw error;
      }
    },

    async rotate(id, options = {}) {
      const what = "Rotate API key";
      const path = `${KEYS_PATH}/${checkId(id, what)}`;
      return issue(what, "update:api_keys", options.signal, (headers) =>
        http.put(path, { ...RETRY_ONLY_RATE_LIMITS, headers, signal: options.signal }),
      );
    },

    async delete(id, options = {}) {
      const what = "Delete API key";
      const path = `${KEYS_PATH}/${checkId(id, what)}`;
      // A delete is retried after 5xx and network errors. If an earlier attempt did delete the key
      // but its answer was lost, the retry meets a 404: that is the delete having worked.
      let retried = false;
      try {
        await send(
          what,
          "delete:api_keys",
          options.signal,
          (headers) =>
            http.delete(path, {
              headers,
              signal: options.signal,
              hooks: {
                beforeRetry: [
                  () => {
                    retried = true;
                  },
                ],
              },
            }),
          true,
        );
      } catch (error) {
        if (retried && isKindeKeysError(error) && error.status === 404) return;
        throw error;
      }
    },
  };
}
