/**
 * @module kinde/cache
 * Where verification results are kept between calls. Entries are keyed by the SHA-256 of the key,
 * never the key, and hold only the JSON-safe {@link VerifyResult}. Stores may be synchronous (memory,
 * answered without a promise hop) or asynchronous (Redis, shared by a fleet).
 */

import type { VerifyResult } from "../types.ts";
import { ExpiringLru } from "./lru.ts";

/** A place to keep verification results. Implement it to share a cache between instances. */
export interface CacheStore {
  /** The stored result, or `undefined` when absent or expired. */
  get(key: string): VerifyResult | undefined | Promise<VerifyResult | undefined>;
  /** Stores a result for `ttlMs` milliseconds. */
  set(key: string, value: VerifyResult, ttlMs: number): void | Promise<void>;
  /** Removes a result. */
  delete(key: string): void | Promise<void>;
}

/** Cache settings of `createKindeKeys`. */
export interface CacheOptions {
  /**
   * How long a valid key is trusted without asking Kinde again, in ms. This bounds how long a revoked
   * or rotated key keeps working on this instance; `invalidate()` ends it at once.
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
  readonly store: CacheStore;
  readonly staleIfErrorMs: number;
}

/**
 * The default store: an in-process LRU with per-entry expiry.
 *
 * @example
 * ```ts
 * createKindeKeys({ cache: { store: memoryCacheStore({ maxEntries: 50_000 }) } });
 * ```
 */
export function memoryCacheStore(options: { maxEntries?: number } = {}): CacheStore {
  const maxEntries = options.maxEntries ?? 10_000;
  // Two LRUs: refusals have their own, smaller bound and can never push out a valid key.
  const valid = new ExpiringLru<VerifyResult>(maxEntries);
  const refused = new ExpiringLru<VerifyResult>(maxEntries / 4);
  return {
    get: (key) => valid.get(key) ?? refused.get(key),
    set: (key, value, ttlMs) => {
      (value.valid ? valid : refused).set(key, value, ttlMs);
      (value.valid ? refused : valid).delete(key);
    },
    delete: (key) => {
      valid.delete(key);
      refused.delete(key);
    },
  };
}

/** Applies defaults; `false` turns caching off. */
export function resolveCache(options: CacheOptions | false | undefined): ResolvedCache | undefined {
  if (options === false) return undefined;
  return {
    ttlMs: options?.ttlMs ?? 30_000,
    negativeTtlMs: options?.negativeTtlMs ?? 5_000,
    store: options?.store ?? memoryCacheStore({ maxEntries: options?.maxEntries }),
    staleIfErrorMs: options?.staleIfErrorMs ?? 0,
  };
}
