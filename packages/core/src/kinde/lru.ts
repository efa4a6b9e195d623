/**
 * @module kinde/lru
 * A bounded map with least-recently-used eviction and per-entry expiry, for the in-memory cache and
 * rate-limit stores. A `Map` keeps insertion order, so re-inserting on read makes the first key the
 * least recently used one. A read re-inserts only an entry in the older half of that order (by a
 * sequence number per entry): re-inserting on every hit was a sixth of a warm-cache request, and an
 * entry read while in the newer half still outlives at least half a map's worth of insertions.
 * Written here rather than taken from a package because it is ~30 lines
 * and the edge bundle of core has a 20 KiB budget that a general LRU library (~1 KiB gzip) strains.
 */

/** A bounded LRU map whose entries may expire. */
export class ExpiringLru<Value> {
  readonly #entries = new Map<string, Entry<Value>>();
  readonly #maxEntries: number;
  /** How far behind the newest sequence number an entry may be before a read moves it. */
  readonly #recent: number;
  /** The sequence number of the next insertion (or move to the front). */
  #next = 0;

  /** @param maxEntries most entries kept; the least recently used go first */
  constructor(maxEntries: number) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
    this.#recent = Math.floor(this.#maxEntries / 2);
  }

  /**
   * The live value of `key`, marking it recently used (moved to the newest end unless it is already
   * in the newer half); `undefined` when absent or expired.
   */
  get(key: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    if (this.#next - entry.seq > this.#recent) {
      entry.seq = this.#next++;
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry.value;
  }

  /** Stores `value` for `ttlMs` milliseconds (`Infinity` for no expiry), evicting the oldest entry when full. */
  set(key: string, value: Value, ttlMs: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs, seq: this.#next++ });
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

/** One entry: its value, when it expires, and its place in the order of insertions and moves. */
interface Entry<Value> {
  readonly value: Value;
  readonly expiresAt: number;
  seq: number;
}
