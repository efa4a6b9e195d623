/**
 * @module kinde/namespace
 * Names in a cache store. Every name is a hash within the client's namespace (its Kinde origin and
 * M2M client id), so a staging and a production deployment sharing one Redis never read each
 * other's entries, and the store never sees a key or a key id.
 */
import { sha256 } from "#hash";
import { andThen, type MaybePromise } from "./maybe-async.ts";

/** The namespace of a client: what keeps its entries apart from other deployments'. */
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

/**
 * How a client names a key's entry (see {@link entryNamer}):
 *
 * - `shared`: a pluggable store (Redis, anything but the built-in memory store): SHA-256 of the
 *   namespace and the key, exactly as earlier versions wrote it: instances of an older version share
 *   these names, and an invalidation must reach their entries.
 * - `tagged`: a built-in memory store the app made and may hand to several clients: names never
 *   leave the process, so the key is hashed alone behind a short tag for the namespace.
 * - `own`: the memory store the client made itself, or no cache: no other client can read the
 *   names, so they are the key's SHA-256 alone.
 *
 * The key alone is one SHA-256 block for a key of up to 55 bytes, where namespace and key take two;
 * the hash is most of a warm-cache request.
 */
export type EntryNaming = "shared" | "tagged" | "own";

/** How a client names a key's entry, for its cache, its calls in flight and its memory of valid keys. */
export function entryNamer(
  namespace: string,
  naming: EntryNaming,
): (apiKey: string) => MaybePromise<string> {
  if (naming === "shared") return (apiKey) => sha256(namespace + apiKey);
  if (naming === "own") return sha256;
  const tag = localTag(namespace);
  const tagged = (hash: string) => tag + hash;
  return (apiKey) => andThen(sha256(apiKey), tagged);
}

// Per namespace, a tag unique in this process (and this copy of the module: another copy does not
// treat this copy's memory store as built in, so it names entries the shared way there). Made on
// first use: code at a module's top level would stay in every bundle.
let tags: Map<string, string> | undefined;

function localTag(namespace: string): string {
  tags ??= new Map();
  let tag = tags.get(namespace);
  if (tag === undefined) {
    tag = `${tags.size.toString(36)}:`;
    tags.set(namespace, tag);
  }
  return tag;
}
