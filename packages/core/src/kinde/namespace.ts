/**
 * @module kinde/namespace
 * Names in a cache store. Every name is a hash within the client's namespace (its Kinde origin and
 * M2M client id), so a staging and a production deployment sharing one Redis never read each
 * other's entries, and the store never sees a key or a key id.
 */
import { sha256 } from "#hash";
import type { MaybePromise } from "./maybe-async.ts";

/** The namespace of a client: prefixed to every key before its one hash per request. */
export function cacheNamespace(origin: string, clientId: string): string {
  return `${origin}\n${clientId}\n`;
}

/**
 * The store name of a key id's index and tombstone: a hash apart from every key's (a key never
 * holds a line break), within the namespace.
 */
export function keyIdName(namespace: string, keyId: string): MaybePromise<string> {
  return sha256(`${namespace}\n${keyId}`);
}
