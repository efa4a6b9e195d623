/**
 * @module request/api-binding
 * The route option `apiId`: Kinde keys belong to one API, but Kinde's verify answer does not say
 * which, so a key minted for another API of the same Kinde business would pass every other check.
 * On the first verification of a key id, its `api_ids` are read with `GET /api/v1/api_keys/{id}`
 * (the same `read:api_keys` verify needs) and kept per client, per key id, as long as a valid
 * verification is cached; a key whose `api_ids` lack the route's API is refused (403 `WRONG_API`).
 * A failure of that read throws, and the pipeline answers 503 as for any Kinde failure.
 *
 * The alternative that costs no extra call: give each API's scopes a prefix of their own
 * (`reports:read`) and require them on its routes.
 */
import type { ClientInternals } from "../internals.ts";
import { raceAbort } from "../kinde/abort.ts";
import { toKindeKeysError, unusableAnswer } from "../kinde/failures.ts";
import { ExpiringLru } from "../kinde/lru.ts";
import { withToken } from "../kinde/token.ts";
import { get, type KindeAnswer, readJson } from "../kinde/transport.ts";
import { KEYS_PATH, managementCall } from "../management/call.ts";
import type { VerifiedApiKey } from "../types.ts";

/** Whether a verified key belongs to the route's API. */
export type ApiBindingCheck = (key: VerifiedApiKey, signal?: AbortSignal) => Promise<boolean>;

/** Key ids kept per client, like the verification cache's default. */
const MAX_KEPT = 10_000;

/**
 * Per client (its internals): key id → the key's `api_ids`, read once. Made on first use: nothing
 * at this module's top level may run code, or every bundle of the main entry point would carry it.
 */
let KEPT: WeakMap<ClientInternals, ExpiringLru<Promise<readonly string[]>>> | undefined;

/**
 * The check of the route option `apiId` on the client `internals`.
 *
 * @throws {TypeError} when `apiId` is not a non-empty string (at construction)
 */
export function apiBinding(internals: ClientInternals, apiId: unknown): ApiBindingCheck {
  if (typeof apiId !== "string" || apiId.trim() === "") {
    throw new TypeError("`apiId` must be the id of your Kinde API, a non-empty string.");
  }
  KEPT ??= new WeakMap();
  let kept = KEPT.get(internals);
  if (!kept) {
    kept = new ExpiringLru(MAX_KEPT);
    KEPT.set(internals, kept);
  }
  const apis = kept;
  const ttlMs = internals.positiveTtlMs;

  return async ({ keyId }, signal) => {
    let apiIds = apis.get(keyId);
    if (!apiIds) {
      // Kept while in flight too, so concurrent first requests of one key share one read. A shared
      // read runs on no caller's signal (the client's total timeout bounds it): one client going
      // away must not fail the others; each stops waiting on its own signal below.
      const shared = ttlMs > 0;
      apiIds = readApiIds(internals, keyId, shared ? undefined : signal);
      if (shared) apis.set(keyId, apiIds, ttlMs);
      apiIds.catch(() => apis.delete(keyId));
    }
    return (await raceAbort(apiIds, signal)).includes(apiId);
  };
}

/** The read's name in errors and logs, and the M2M scope it needs. */
const GET_KEY = managementCall("Get API key", "read:api_keys");

/**
 * `GET /api/v1/api_keys/{key_id}`: the key's `api_ids`, on the transport verify uses (so an edge
 * app's `authorize` does not bundle the key manager's HTTP client). Read by hand rather than with
 * the key manager's schemas: those are built when their module loads, and this module is part of
 * the main entry point. A 404 (Kinde verified the key but has no record of it) is an error, so a
 * 503.
 */
async function readApiIds(
  { http, tokens }: ClientInternals,
  keyId: string,
  signal: AbortSignal | undefined,
): Promise<readonly string[]> {
  const path = `${KEYS_PATH}/${encodeURIComponent(keyId)}`;
  let answer: KindeAnswer;
  try {
    answer = await withToken(
      tokens,
      GET_KEY,
      (token) => get(http, path, { headers: { authorization: `Bearer ${token}` }, signal }),
      signal,
    );
  } catch (error) {
    throw toKindeKeysError(error, GET_KEY, signal);
  }
  const body = readJson(answer, GET_KEY.what) as { api_key?: { api_ids?: unknown } } | null;
  const apiIds = body?.api_key?.api_ids;
  if (!Array.isArray(apiIds) || !apiIds.every((id) => typeof id === "string")) {
    throw unusableAnswer(GET_KEY.what, "the answer has no list of the key's APIs.", answer.status);
  }
  return apiIds;
}
