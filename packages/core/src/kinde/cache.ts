/**
 * @module kinde/cache
 * Where verification results are kept between calls. Entries are named by the SHA-256 of the
 * client's namespace (Kinde origin, M2M client id) and the key, never the key. A store may answer
 * synchronously (memory, without a promise hop) or asynchronously (Redis, shared by a fleet).
 *
 * A store other than the built-in memory store is untrusted: it receives sealed text (see
 * `seal.ts`) and whatever it answers is checked before it is believed.
 */

import type { VerifyResult } from "../types.ts";
import { ExpiringLru } from "./lru.ts";

/**
 * A place to keep verification results, e.g. Redis shared by a fleet (`redisCacheStore` from
 * `@acme/kinde-keys-redis`). Names are opaque base64url hashes; values are sealed text that only a
 * client holding the same secret can open. Besides entries, a store keeps an index from a key id's
 * name to its entries, and tombstones: while a tombstone for an entry's name or its key id's name
 * lives, no `set` for it is accepted (a Redis store checks and writes in one atomic script).
 *
 * `Value` is `string` for every store but the built-in memory store, which holds results as they
 * are.
 */
export interface CacheStore<Value = string> {
  /** The value stored under `name`, or `undefined`/`null` when absent or expired. */
  get(name: string): unknown;
  /**
   * Stores `value` for `ttlMs` ms and, with `keyIdName`, adds `name` to that key id's index; does
   * nothing while a tombstone for `name` or `keyIdName` lives.
   */
  set(name: string, value: Value, ttlMs: number, keyIdName?: string): void | Promise<void>;
  /** Drops the entry and leaves a tombstone for `name` living `tombstoneMs` ms. */
  delete(name: string, tombstoneMs: number): void | Promise<void>;
  /** Drops every entry indexed under `keyIdName` and leaves a tombstone for it. */
  deleteKeyId(keyIdName: string, tombstoneMs: number): void | Promise<void>;
}

/** Cache settings of `createKindeKeys`. */
export interface CacheOptions {
  /**
   * How long a valid key is trusted without asking Kinde again, in ms. This bounds how long a key
   * revoked in Kinde's dashboard keeps working; `invalidate()` and `invalidateKeyId()` end it at
   * once.
   * @default 30000
   */
  ttlMs?: number;
  /**
   * How long a refusal (`invalid`, `revoked`, `inactive`) is remembered, in ms. Short, so a key that
   * is fixed or reactivated works again soon, yet floods of a bad key cost one call per window.
   * @default 5000
   */
  negativeTtlMs?: number;
  /**
   * Most valid keys the default memory store keeps (least recently used go first). Refusals are
   * kept apart, at most a quarter as many, so a flood of unknown keys never evicts a valid one.
   * @default 10000
   */
  maxEntries?: number;
  /** A store to use instead of the in-process memory store. */
  store?: CacheStore;
  /**
   * Opt-in stale-if-error, in ms: while Kinde is unavailable (down, or the circuit breaker open), a
   * key this instance saw valid within this window is still accepted, marked `stale`. Never for a
   * refusal, never after `invalidate()`. The trade-off: a revocation made during the outage is not
   * seen until Kinde answers again.
   * @default 0 (off)
   */
  staleIfErrorMs?: number;
}

/** The cache settings after defaults. */
export interface ResolvedCache {
  readonly ttlMs: number;
  readonly negativeTtlMs: number;
  readonly store: CacheStore<unknown>;
  /** Whether the client made `store` itself (no `store` option): no other client can reach it. */
  readonly ownStore: boolean;
  readonly staleIfErrorMs: number;
}

// Stores made by `memoryCacheStore`: they hold what core put there, so core skips sealing and
// checking for them (the warm-cache path stays one hash and one map lookup).
const builtIn = new WeakSet<object>();

/** True for a store made by {@link memoryCacheStore} (in this copy of the package). */
export function isBuiltInStore(store: object): boolean {
  return builtIn.has(store);
}

/** An entry of the memory store: the result and the name of its key id's index. */
type Entry = { readonly value: unknown; readonly keyIdName?: string | undefined };

/**
 * The default store: an in-process LRU with per-entry expiry, tombstones in a second LRU, and a
 * key-id index that is a scan of the entries (revocations are rare; a map kept per key id would
 * need its own bound).
 *
 * @example
 * ```ts
 * createKindeKeys({ cache: { store: memoryCacheStore({ maxEntries: 50_000 }) } });
 * ```
 */
export function memoryCacheStore(options: { maxEntries?: number } = {}): CacheStore<unknown> {
  const maxEntries = options.maxEntries ?? 10_000;
  // Valid keys and refusals apart: refusals have their own, smaller bound, so a flood of unknown
  // keys can never push out a valid one.
  const valid = new ExpiringLru<Entry>(maxEntries);
  const refused = new ExpiringLru<Entry>(maxEntries / 4);
  const tombstones = new ExpiringLru<true>(maxEntries);
  const store: CacheStore<unknown> = {
    get: (name) => (valid.get(name) ?? refused.get(name))?.value,
    set(name, value, ttlMs, keyIdName) {
      if (tombstones.get(name) || (keyIdName && tombstones.get(keyIdName))) return;
      const isValid = (value as VerifyResult | undefined)?.valid === true;
      (isValid ? valid : refused).set(name, { value, keyIdName }, ttlMs);
      (isValid ? refused : valid).delete(name);
    },
    delete(name, tombstoneMs) {
      valid.delete(name);
      refused.delete(name);
      tombstones.set(name, true, tombstoneMs);
    },
    deleteKeyId(keyIdName, tombstoneMs) {
      valid.deleteWhere((entry) => entry.keyIdName === keyIdName);
      tombstones.set(keyIdName, true, tombstoneMs);
    },
  };
  builtIn.add(store);
  return store;
}

/** Applies defaults; `false` turns caching off. */
export function resolveCache(options: CacheOptions | false | undefined): ResolvedCache | undefined {
  if (options === false) return undefined;
  return {
    ttlMs: options?.ttlMs ?? 30_000,
    negativeTtlMs: options?.negativeTtlMs ?? 5_000,
    store: options?.store ?? memoryCacheStore({ maxEntries: options?.maxEntries }),
    ownStore: options?.store === undefined,
    staleIfErrorMs: options?.staleIfErrorMs ?? 0,
  };
}
