/**
 * @module management-endpoints
 * The management calls on `/api/v1/api_keys` (list, create, get, rotate, delete), answered the way
 * Kinde's management spec describes. Keys are listed in creation order, which is what makes
 * `starting_after` paging well defined.
 */

import type { FakeKeyStatus, FakeKeyType, KeysStore, StoredKey } from "./keys-store.ts";
import { formatKindeTimestamp } from "./kinde-time.ts";
import { readJsonObject } from "./request-body.ts";
import { jsonResponse, kindeError } from "./responses.ts";

/** Kinde's spec: "Defaults to 50 if parameter not sent." */
const DEFAULT_PAGE_SIZE = 50;
/**
 * Larger pages are cut down to this rather than refused, so a greedy client still pages. 500 is
 * the largest page Kinde's API rate-limits page documents.
 */
const MAX_PAGE_SIZE = 500;

const KEY_TYPES: readonly FakeKeyType[] = ["organization", "user", "environment"];
/** The `key_type` filter of the list call takes only these (the spec's enum). */
const LIST_KEY_TYPES: readonly FakeKeyType[] = ["organization", "user"];
const KEY_STATUSES: readonly FakeKeyStatus[] = ["active", "inactive", "revoked"];

function notFound(): Response {
  return kindeError(404, "API_KEY_NOT_FOUND", "API key not found");
}

function invalid(message: string): Response {
  return kindeError(400, "INVALID_REQUEST", message);
}

/**
 * A key as the list and get answers show it (the spec's `get_api_key_response.api_key`), never
 * with its secret. `org_code` repeats `organization_id` under the name the verify answer uses.
 */
export function serializeKey(stored: StoredKey): Record<string, unknown> {
  return {
    id: stored.id,
    name: stored.name,
    type: stored.type,
    status: stored.status,
    key_prefix: stored.keyPrefix,
    key_suffix: stored.keySuffix,
    created_on: new Date(stored.createdAt).toISOString(),
    last_verified_on:
      stored.lastVerifiedAt === null ? null : formatKindeTimestamp(stored.lastVerifiedAt),
    last_verified_ip: stored.lastVerifiedAt === null ? null : "192.0.2.10",
    created_by: "fake-client-id",
    api_ids: [stored.apiId],
    scopes: [...stored.scopes],
    verification_count: stored.verificationCount,
    organization_id: stored.orgCode,
    org_code: stored.orgCode,
    user_id: stored.userId,
  };
}

/**
 * `GET /api/v1/api_keys`: filters `key_type`, `status`, `user_id`, `org_code`; pages with
 * `page_size` and `starting_after` (the last id of the previous page).
 *
 * @example
 * ```ts
 * handleListRequest(new URL(`${origin}/api/v1/api_keys?status=active&page_size=2`), store);
 * // 200 { code: "OK", message: "Success", has_more: true, api_keys: [ … two keys … ] }
 * ```
 */
export function handleListRequest(url: URL, store: KeysStore): Response {
  const query = url.searchParams;

  const rawSize = query.get("page_size");
  const pageSize = rawSize === null || rawSize === "" ? DEFAULT_PAGE_SIZE : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    return invalid("page_size must be a positive integer");
  }

  const keyType = query.get("key_type");
  if (keyType && !LIST_KEY_TYPES.includes(keyType as FakeKeyType)) {
    return invalid(`key_type must be one of ${LIST_KEY_TYPES.join(", ")}`);
  }
  const status = query.get("status");
  if (status && !KEY_STATUSES.includes(status as FakeKeyStatus)) {
    return invalid(`status must be one of ${KEY_STATUSES.join(", ")}`);
  }
  const userId = query.get("user_id");
  const orgCode = query.get("org_code");

  let keys = store.all();
  const startingAfter = query.get("starting_after");
  if (startingAfter) {
    const index = keys.findIndex((key) => key.id === startingAfter);
    if (index < 0) return invalid(`starting_after ${startingAfter} is not an API key id`);
    keys = keys.slice(index + 1);
  }
  const matching = keys.filter(
    (key) =>
      (!keyType || key.type === keyType) &&
      (!status || key.status === status) &&
      (!userId || key.userId === userId) &&
      (!orgCode || key.orgCode === orgCode),
  );
  const page = matching.slice(0, Math.min(pageSize, MAX_PAGE_SIZE));
  return jsonResponse({
    code: "OK",
    message: "Success",
    has_more: matching.length > page.length,
    api_keys: page.map(serializeKey),
  });
}

function optionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === "string";
}

/**
 * `POST /api/v1/api_keys`: creates an active key. Each of `scope_ids` is a scope id of the API (see
 * {@link handleScopesRequest}); a value that is no such id is taken as a scope name, so tests that
 * pass names as ids keep working.
 *
 * @example
 * ```ts
 * // body { name: "ci", type: "organization", api_id: "api_1", org_code: "org_1", scope_ids: ["read:x"] }
 * await handleCreateRequest(request, store); // 201 { code: "API_KEY_CREATED", api_key: { id, key } }
 * ```
 */
export async function handleCreateRequest(request: Request, store: KeysStore): Promise<Response> {
  const body = await readJsonObject(request);
  if (!body) return invalid("The request body must be a JSON object");
  const { name, type, api_id: apiId, scope_ids: scopeIds, user_id, org_code } = body;

  if (typeof name !== "string" || name.trim() === "") return invalid("name is required");
  if (typeof apiId !== "string" || apiId === "") return invalid("api_id is required");
  if (typeof type !== "string" || !KEY_TYPES.includes(type as FakeKeyType)) {
    return invalid(`type is required and must be one of ${KEY_TYPES.join(", ")}`);
  }
  if (
    scopeIds !== undefined &&
    scopeIds !== null &&
    !(Array.isArray(scopeIds) && scopeIds.every((scope) => typeof scope === "string"))
  ) {
    return invalid("scope_ids must be an array of strings");
  }
  if (!optionalString(user_id) || !optionalString(org_code)) {
    return invalid("user_id and org_code must be strings");
  }
  if (type === "organization" && !org_code) {
    return invalid("org_code is required for an organization key");
  }
  if (type === "user" && !user_id) return invalid("user_id is required for a user key");

  const issued = store.add({
    name,
    type: type as FakeKeyType,
    apiId,
    scopes: (scopeIds ?? []).map((scope) => store.apis.nameOf(apiId, scope)),
    orgCode: org_code ?? null,
    userId: user_id ?? null,
  });
  return jsonResponse(
    { code: "API_KEY_CREATED", message: "API key created", api_key: issued },
    201,
  );
}

/** `GET /api/v1/api_keys/{key_id}`: one key, or 404. */
export function handleGetRequest(id: string, store: KeysStore): Response {
  const stored = store.get(id);
  if (!stored) return notFound();
  return jsonResponse({ code: "OK", message: "Success", api_key: serializeKey(stored) });
}

/**
 * `PUT /api/v1/api_keys/{key_id}`: a new secret for the same id; the old secret stops verifying
 * at once, as at Kinde.
 */
export function handleRotateRequest(id: string, store: KeysStore): Response {
  if (!store.get(id)) return notFound();
  return jsonResponse(
    { code: "API_KEY_ROTATED", message: "API key rotated", api_key: store.rotate(id) },
    201,
  );
}

/**
 * `DELETE /api/v1/api_keys/{key_id}`: revokes the key. The record stays, so verifying the key
 * afterwards answers `status: "revoked"` rather than "unknown key".
 */
export function handleDeleteRequest(id: string, store: KeysStore): Response {
  if (!store.get(id)) return notFound();
  store.setStatus(id, "revoked");
  return jsonResponse({ code: "OK", message: "API key deleted" });
}

/**
 * `GET /api/v1/apis/{api_id}/scopes`: the scopes the API defines, ids and names (`key`), as the
 * spec's `get_api_scopes_response`; 400 for an API the fake does not know.
 */
export function handleScopesRequest(apiId: string, store: KeysStore): Response {
  const scopes = store.apis.list(apiId);
  if (!scopes) return invalid(`API ${apiId} not found`);
  return jsonResponse({
    code: "OK",
    message: "success_response",
    scopes: scopes.map(({ id, key }) => ({ id, key, description: `Fake scope ${key}` })),
  });
}
