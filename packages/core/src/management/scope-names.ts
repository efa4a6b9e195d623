/**
 * @module management/scope-names
 * Scope names (`read:reports`) to the ids Kinde's create call takes (`api_scope_…`), read with
 * `GET /api/v1/apis/{api_id}/scopes` (M2M scope `read:api_scopes`). Each client keeps the lists it
 * has read, so creating many keys reads an API's scopes once; a name missing from a kept list reads
 * the list again before it is refused, so a scope added at Kinde since is found.
 */
import type { KindeCall } from "../kinde/failures.ts";
import { managementCall } from "./call.ts";
import { checkText, invalidInput } from "./input.ts";
import type { Send } from "./request.ts";
import { apiScopesResponseSchema, parseAnswer } from "./schemas.ts";

const SCOPES: KindeCall = {
  ...managementCall("Resolve scope names", "read:api_scopes"),
  authHint:
    "the application needs the read:api_scopes scope to turn scope names into ids " +
    "(create with `scopes` and rollover do; create with `scopeIds` does not)",
};

/** An API's scopes: name → id. */
type ScopeIds = ReadonlyMap<string, string>;

/** Per client (keyed by its internals): API id → its scopes as last read. */
const KEPT = new WeakMap<object, Map<string, ScopeIds>>();

/** Resolves the scope names of one API to ids; see {@link scopeResolver}. */
export type ResolveScopes = (
  apiId: string,
  names: readonly string[],
  signal: AbortSignal | undefined,
) => Promise<string[]>;

/**
 * The scope-name resolver of the client `owner` (its internals object), sending with `send`.
 *
 * @throws {KindeKeysError} from the resolver: `CONFIG_INVALID` naming a scope the API does not
 * define, `KINDE_AUTH_FAILED` naming `read:api_scopes`, or as any management call
 */
export function scopeResolver(owner: object, send: Send): ResolveScopes {
  let kept = KEPT.get(owner);
  if (!kept) {
    kept = new Map();
    KEPT.set(owner, kept);
  }
  const lists = kept;
  return async (apiId, names, signal) => {
    if (names.length === 0) return [];
    let scopes = lists.get(apiId);
    if (!scopes || names.some((name) => !scopes?.has(name))) {
      scopes = await readScopes(send, apiId, signal);
      lists.set(apiId, scopes);
    }
    const known = scopes;
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw invalidInput(
        SCOPES.what,
        `the API ${apiId} defines no scope named ${unknown.join(", ")} (names are case-sensitive).`,
      );
    }
    return names.map((name) => known.get(name) as string);
  };
}

/** `GET /api/v1/apis/{api_id}/scopes`. */
async function readScopes(
  send: Send,
  apiId: string,
  signal: AbortSignal | undefined,
): Promise<ScopeIds> {
  const path = `api/v1/apis/${encodeURIComponent(checkText(apiId, "apiId", SCOPES.what))}/scopes`;
  const { status, body } = await send(SCOPES, signal, (http, headers) =>
    http.get(path, { headers, signal }),
  );
  const { scopes } = parseAnswer(apiScopesResponseSchema, body, SCOPES.what, status);
  return new Map((scopes ?? []).map((scope) => [scope.key, scope.id]));
}
