/**
 * @module management/input
 * What callers pass to the management calls, and its checks. Unusable input is refused with
 * `CONFIG_INVALID` before any request is made; a key id is checked so that it cannot change the
 * request's path.
 */
import { KindeKeysError } from "../errors.ts";
import type { KeyStatus } from "../types.ts";

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
   * Names of the API's scopes to grant, e.g. `["read:reports"]`. They are resolved to ids with
   * `GET /api/v1/apis/{api_id}/scopes`, which needs the M2M scope **`read:api_scopes`**; the list
   * is cached per client. May be combined with `scopeIds`. Scopes are fixed for the key's lifetime.
   * @default []
   */
  scopes?: readonly string[];
  /**
   * Ids of the API's scopes to grant (`api_scope_…`), sent as Kinde's `scope_ids` as they are:
   * no `read:api_scopes` needed. The fake in `@acme/kinde-keys-testing` also takes names as ids.
   * @default []
   */
  scopeIds?: readonly string[];
}

/**
 * What `keys.create` needs: a name, the API, the scope ids, and exactly one owner. An environment
 * key works for the whole environment, so it must be asked for explicitly (`environment: true`)
 * rather than created by forgetting `orgCode`.
 */
export type CreateApiKeyInput =
  | (CreateApiKeyBase & { orgCode: string; userId?: never; environment?: never })
  | (CreateApiKeyBase & { userId: string; orgCode?: never; environment?: never })
  | (CreateApiKeyBase & { environment: true; orgCode?: never; userId?: never });

/** The key types `keys.list` can filter by: Kinde's spec lists only these for `key_type`. */
export type ListableKeyType = "organization" | "user";

/** Filters and paging of `keys.list`. */
export interface ListApiKeysOptions extends KeyRequestOptions {
  /** Only keys of this organization (`org_code`). */
  orgCode?: string;
  /** Only keys of this user (`user_id`). */
  userId?: string;
  /** Only keys in this state. */
  status?: KeyStatus;
  /**
   * Only keys of this type (`key_type`). Kinde's spec allows `organization` and `user` only;
   * anything else is refused with `CONFIG_INVALID` before any request.
   */
  keyType?: ListableKeyType;
  /**
   * Keys per request (`page_size`), at most 500 (the largest page Kinde's rate-limit docs allow;
   * more is cut to 500); `list` keeps requesting pages while Kinde says `has_more`.
   * @default Kinde's default (50)
   */
  pageSize?: number;
}

// Kinde's key ids look like `api_key_0195ac80…`. Anything else (`..`, `/`, `?`) could change the
// request's path, so it is refused before a request is made.
const KEY_ID = /^[\w-]{1,256}$/;
const LISTABLE_KEY_TYPES: ReadonlySet<string> = new Set<ListableKeyType>(["organization", "user"]);
/** The largest `page_size` Kinde's API rate-limits page documents. */
export const MAX_PAGE_SIZE = 500;
const KEY_STATUSES: ReadonlySet<string> = new Set<KeyStatus>(["active", "inactive", "revoked"]);

/** The JSON body of a create request, `scope_ids` as given (names are resolved by the caller). */
export function createBody(
  input: CreateApiKeyInput,
  what: string,
): Record<string, unknown> & { scope_ids: string[] } {
  const scopeIds = checkList(input.scopeIds, "scopeIds", what);
  checkList(input.scopes, "scopes", what);
  return {
    name: checkText(input.name, "name", what),
    api_id: checkText(input.apiId, "apiId", what),
    scope_ids: [...scopeIds],
    ...ownerFields(input, what),
  };
}

/** `value` (or `[]`) when it is an array of non-empty strings. */
export function checkList(value: unknown, name: string, what: string): readonly string[] {
  const list = value ?? [];
  if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && item)) {
    throw invalidInput(what, `\`${name}\` must be an array of non-empty strings.`);
  }
  return list;
}

/** The query of a list request, without its paging cursor. */
export function listQuery(options: ListApiKeysOptions, what: string): URLSearchParams {
  const query = new URLSearchParams();
  const { pageSize, keyType, status, userId, orgCode } = options;
  if (pageSize !== undefined) {
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw invalidInput(what, "`pageSize` must be a positive integer.");
    }
    query.set("page_size", String(Math.min(pageSize, MAX_PAGE_SIZE)));
  }
  if (keyType !== undefined) {
    if (!LISTABLE_KEY_TYPES.has(keyType)) {
      throw invalidInput(what, "`keyType` must be `organization` or `user` (Kinde's `key_type`).");
    }
    query.set("key_type", keyType);
  }
  if (status !== undefined) {
    if (!KEY_STATUSES.has(status)) throw invalidInput(what, "unknown `status`.");
    query.set("status", status);
  }
  if (userId !== undefined) query.set("user_id", checkText(userId, "userId", what));
  if (orgCode !== undefined) query.set("org_code", checkText(orgCode, "orgCode", what));
  return query;
}

/** `id` when it can be a Kinde API key id. */
export function checkId(id: unknown, what: string): string {
  if (typeof id !== "string" || !KEY_ID.test(id)) {
    throw invalidInput(what, "`id` must be a Kinde API key id such as `api_key_0195ac80…`.");
  }
  return id;
}

/** The owner fields of a create request: exactly one owner, said explicitly. */
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

/** `value` when it is a non-empty string. */
export function checkText(value: unknown, name: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalidInput(what, `\`${name}\` must be a non-empty string.`);
  }
  return value;
}

/** `CONFIG_INVALID` for input a call cannot use, naming the call. */
export function invalidInput(what: string, message: string): KindeKeysError {
  return new KindeKeysError("CONFIG_INVALID", `${what}: ${message}`);
}
