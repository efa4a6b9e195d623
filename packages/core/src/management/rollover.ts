/**
 * @module management/rollover
 * `rollover(id)`: the dual-key rotation Kinde's docs recommend. Kinde's own rotation kills the old
 * secret at once, so clients holding it fail until they are updated; a rollover instead creates a
 * sibling key (same API, scopes and owner) and leaves the old key active until it is deleted, so
 * clients can move over first.
 */
import { KindeKeysError } from "../errors.ts";
import { createKey, getKey } from "./calls.ts";
import type { CreateApiKeyInput, KeyRequestOptions } from "./input.ts";
import type { Send } from "./request.ts";
import type { ApiKeyInfo, IssuedApiKey } from "./schemas.ts";
import type { ResolveScopes } from "./scope-names.ts";

/** What `rollover` returns: the new key's id and secret, and the id of the key it replaces. */
export interface RolledOverApiKey extends IssuedApiKey {
  /** The key that was rolled over. Still active: delete it once its clients use the new key. */
  readonly oldId: string;
}

/** Options of `rollover`. */
export interface RolloverOptions extends KeyRequestOptions {
  /** Display name of the new key. @default the old key's name */
  name?: string;
}

const WHAT = "Roll over API key";

/** Reads the old key, then creates its sibling; see {@link RolledOverApiKey}. */
export async function rolloverKey(
  send: Send,
  resolve: ResolveScopes,
  id: string,
  options: RolloverOptions,
): Promise<RolledOverApiKey> {
  const { signal } = options;
  const old = await getKey(send, id, { signal });
  if (!old) {
    throw new KindeKeysError("KINDE_BAD_RESPONSE", `${WHAT}: Kinde has no such API key (404).`, {
      status: 404,
    });
  }
  const input = siblingOf(old, options.name);
  const issued = await createKey(send, resolve, input, { signal });
  return { id: issued.id, key: issued.key, oldId: old.id };
}

/** The create input of a key like `old`: its API, scopes (by name) and owner. */
function siblingOf(old: ApiKeyInfo, name: string | undefined): CreateApiKeyInput {
  const apiId = old.apiIds[0];
  if (apiId === undefined || old.apiIds.length !== 1) {
    throw unusable(`Kinde lists ${old.apiIds.length} APIs for the key, so its API is not known.`);
  }
  const base = { name: name ?? old.name ?? old.id, apiId, scopes: old.scopes };
  if (old.type === "organization" && old.orgCode) return { ...base, orgCode: old.orgCode };
  if (old.type === "user" && old.userId) return { ...base, userId: old.userId };
  if (old.type === "environment") return { ...base, environment: true };
  throw unusable("Kinde's answer does not say who owns the key.");
}

function unusable(detail: string): KindeKeysError {
  return new KindeKeysError("KINDE_BAD_RESPONSE", `${WHAT}: ${detail}`);
}
