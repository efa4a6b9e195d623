/**
 * @module kinde/lru
 * A bounded map with least-recently-used eviction and per-entry expiry, for the in-memory cache and
 * rate-limit stores. A `Map` keeps insertion order, so re-inserting on read makes the first key the
 * least recently used one. Written here rather than taken from a package because it is ~30 lines
 * and the edge bundle of core has a 20 KiB budget that a general LRU library (~1 KiB gzip) strains.
 */

/** A bounded LRU map whose entries may expire. */
export class ExpiringLru<Value> {
  readonly #entries = new Map<string, { value: Value; expiresAt: number }>();
  readonly #maxEntries: number;

  /** @param maxEntries most entries kept; the least recently used go first */
  constructor(maxEntries: number) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  /** The live value of `key`, marking it most recently used; `undefined` when absent or expired. */
  get(key: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `ttlMs` milliseconds (`Infinity` for no expiry), evicting the oldest entry when full. */
  set(key: string, value: Value, ttlMs: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** Removes every entry whose value matches `doomed` (a scan: for rare calls such as revocations). */
  deleteWhere(doomed: (value: Value) => boolean): void {
    for (const [key, entry] of this.#entries) if (doomed(entry.value)) this.#entries.delete(key);
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** How many entries are held, expired ones included until they are touched or evicted. */
  get size(): number {
    return this.#entries.size;
  }
}
