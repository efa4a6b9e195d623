/**
 * @module management/calls
 * The key manager's calls, one function each: what it asks Kinde and how its answer reads. Input
 * is checked in `input.ts`; tokens, retries and error codes are `request.ts`'s.
 *
 * Two calls are not idempotent: `create` (POST) and `rotate` (PUT). A retry after a lost answer
 * could mint a second key or rotate twice, so they are retried only on 429, which Kinde sends
 * without acting on the request. Reads and deletes keep the client's full retry policy.
 */
import { isKindeKeysError } from "../errors.ts";
import { type KindeCall, unusableAnswer } from "../kinde/failures.ts";
import { KEYS_PATH, managementCall } from "./call.ts";
import {
  type CreateApiKeyInput,
  checkId,
  checkList,
  createBody,
  type KeyRequestOptions,
  type ListApiKeysOptions,
  listQuery,
} from "./input.ts";
import { type KeysRequest, RETRY_ONLY_RATE_LIMITS, type Send } from "./request.ts";
import {
  type ApiKeyInfo,
  getKeyResponseSchema,
  type IssuedApiKey,
  issuedKeyResponseSchema,
  listKeysResponseSchema,
  parseAnswer,
  toApiKeyInfo,
} from "./schemas.ts";
import type { ResolveScopes } from "./scope-names.ts";

const CREATE = managementCall("Create API key", "create:api_keys");
const LIST = managementCall("List API keys", "read:api_keys");
const GET = managementCall("Get API key", "read:api_keys");
const ROTATE = managementCall("Rotate API key", "update:api_keys");
const DELETE = managementCall("Delete API key", "delete:api_keys");

/**
 * `POST /api/v1/api_keys`: a new key and its secret. Scope names are resolved to ids first, after
 * the input has been checked.
 */
export async function createKey(
  send: Send,
  resolve: ResolveScopes,
  input: CreateApiKeyInput,
  { signal }: KeyRequestOptions,
): Promise<IssuedApiKey> {
  const json = createBody(input, CREATE.what);
  const names = checkList(input.scopes, "scopes", CREATE.what);
  const ids = await resolve(input.apiId, names, signal);
  json.scope_ids = [...new Set([...json.scope_ids, ...ids])];
  return issue(send, CREATE, signal, (http, headers) =>
    http.post(KEYS_PATH, { ...RETRY_ONLY_RATE_LIMITS, json, headers, signal }),
  );
}

/** `GET /api/v1/api_keys`, page after page while Kinde says `has_more`. */
export async function* listKeys(
  send: Send,
  options: ListApiKeysOptions,
): AsyncGenerator<ApiKeyInfo, void> {
  const { what } = LIST;
  const { signal } = options;
  const query = listQuery(options, what);
  let startingAfter: string | undefined;
  for (;;) {
    const searchParams = new URLSearchParams(query);
    if (startingAfter !== undefined) searchParams.set("starting_after", startingAfter);
    const { status, body } = await send(LIST, signal, (http, headers) =>
      http.get(KEYS_PATH, { searchParams, headers, signal }),
    );
    const page = parseAnswer(listKeysResponseSchema, body, what, status);
    const keys = page.api_keys ?? [];
    for (const raw of keys) yield toApiKeyInfo(raw);
    if (page.has_more !== true) return;
    const last = keys.at(-1)?.id;
    // A page that says "more" but gives no new cursor would make this loop forever.
    if (last === undefined || last === startingAfter) {
      throw unusableAnswer(
        what,
        "Kinde said there are more keys but the page gave no new cursor.",
        status,
      );
    }
    startingAfter = last;
  }
}

/** `GET /api/v1/api_keys/{key_id}`, or `undefined` when Kinde answers 404. */
export async function getKey(
  send: Send,
  id: string,
  { signal }: KeyRequestOptions,
): Promise<ApiKeyInfo | undefined> {
  const path = `${KEYS_PATH}/${checkId(id, GET.what)}`;
  try {
    const { status, body } = await send(GET, signal, (http, headers) =>
      http.get(path, { headers, signal }),
    );
    return toApiKeyInfo(parseAnswer(getKeyResponseSchema, body, GET.what, status).api_key);
  } catch (error) {
    if (isKindeKeysError(error) && error.status === 404) return undefined;
    throw error;
  }
}

/** `PUT /api/v1/api_keys/{key_id}`: the key's new secret. */
export async function rotateKey(
  send: Send,
  id: string,
  { signal }: KeyRequestOptions,
): Promise<IssuedApiKey> {
  const path = `${KEYS_PATH}/${checkId(id, ROTATE.what)}`;
  return issue(send, ROTATE, signal, (http, headers) =>
    http.put(path, { ...RETRY_ONLY_RATE_LIMITS, headers, signal }),
  );
}

/** `DELETE /api/v1/api_keys/{key_id}`. */
export async function deleteKey(
  send: Send,
  id: string,
  { signal }: KeyRequestOptions,
): Promise<void> {
  const path = `${KEYS_PATH}/${checkId(id, DELETE.what)}`;
  // A delete is retried after 5xx and network errors. If an earlier attempt did delete the key
  // but its answer was lost, the retry meets a 404: that is the delete having worked.
  let retried = false;
  const beforeRetry = [
    () => {
      retried = true;
    },
  ];
  try {
    await send(
      DELETE,
      signal,
      (http, headers) => http.delete(path, { headers, signal, hooks: { beforeRetry } }),
      true,
    );
  } catch (error) {
    if (retried && isKindeKeysError(error) && error.status === 404) return;
    throw error;
  }
}

/** A create or rotate: the id and the secret, and nothing else from the answer. */
async function issue(
  send: Send,
  call: KindeCall,
  signal: AbortSignal | undefined,
  request: KeysRequest,
): Promise<IssuedApiKey> {
  const { status, body } = await send(call, signal, request);
  const { api_key } = parseAnswer(issuedKeyResponseSchema, body, call.what, status);
  // A fresh object: nothing else from the answer travels along with the secret.
  return { id: api_key.id, key: api_key.key };
}
