/**
 * @module kinde/store-guard
 * The cache as verify uses it. A store that fails or misses its deadline (a Redis outage) reads as
 * a miss and never fails a verification; the failure is logged once, then its recovery once. A
 * pluggable store is untrusted: results are sealed before they reach it and what it answers is
 * opened and checked (`seal.ts`); anything else is a miss, overwritten by Kinde's fresh answer. The
 * built-in memory store holds what core put there and skips both, so a warm hit stays one lookup.
 */
import type { Logger, VerifyResult } from "../types.ts";
import { isBuiltInStore, type ResolvedCache } from "./cache.ts";
import { andThen, isPromiseLike, type MaybePromise } from "./maybe-async.ts";
import type { EntryNaming } from "./namespace.ts";
import { createSealer } from "./seal.ts";
import { withDeadline } from "./store-deadline.ts";

/** A cache whose calls never throw or reject. */
export interface GuardedCache {
  /** How entries are named in this store: see {@link EntryNaming}. */
  readonly naming: EntryNaming;
  /** The stored result, `undefined` on a miss or a failure; synchronous when the store is. */
  get(name: string): MaybePromise<VerifyResult | undefined>;
  /** Keeps `result` for its time to live, indexed under its key id's name when it has one. */
  remember(name: string, result: VerifyResult): Promise<void>;
  /** Drops the entry for `name`, refusing writes to it while its tombstone lives. */
  forget(name: string): Promise<void>;
  /** Drops every entry of a key id, refusing writes for it while its tombstone lives. */
  forgetKeyId(keyIdName: string): Promise<void>;
}

/** What the guard needs besides the cache settings. */
export interface CacheGuardOptions {
  readonly logger: Logger | undefined;
  /** Deadline of one store call, in ms. */
  readonly timeoutMs: number;
  /** How long a tombstone lives: longer than any verification in flight can take. */
  readonly tombstoneMs: number;
  /** The secret results are sealed with for a pluggable store. */
  readonly secret: string;
  /** The store name of a key id's index and tombstone. */
  keyIdName(keyId: string): MaybePromise<string>;
}

/** Wraps the client's cache settings; called once per client. */
export function guardCache(cache: ResolvedCache, options: CacheGuardOptions): GuardedCache {
  const { store } = cache;
  const { logger, timeoutMs, tombstoneMs } = options;
  const sealer = isBuiltInStore(store) ? undefined : createSealer(options.secret);
  let healthy = true;

  function failed(error: unknown): undefined {
    if (!healthy) return undefined;
    healthy = false;
    logger?.warn?.(
      { err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
      "kinde-keys: cache store unavailable; verifying with Kinde until it recovers",
    );
    return undefined;
  }

  function settled<T>(answer: T): T {
    if (!healthy) {
      healthy = true;
      logger?.info?.({}, "kinde-keys: cache store recovered");
    }
    return answer;
  }

  /** One store call with its deadline, logging instead of throwing. */
  function call(run: () => unknown): MaybePromise<unknown> {
    let answer: unknown;
    try {
      answer = run();
    } catch (error) {
      return failed(error);
    }
    if (!isPromiseLike(answer)) return answer;
    return withDeadline(answer, timeoutMs).then(settled, failed);
  }

  return {
    naming: sealer ? "shared" : cache.ownStore ? "own" : "tagged",
    // The memory store's hit is returned as it is: the warm path allocates nothing here.
    get: sealer
      ? (name) =>
          andThen(
            call(() => store.get(name)),
            (value) => (value == null ? undefined : sealer.open(name, value)),
          )
      : (name) => store.get(name) as VerifyResult | undefined,
    async remember(name, result) {
      const ttlMs = result.valid ? cache.ttlMs : cache.negativeTtlMs;
      const keyIdName = result.valid ? await options.keyIdName(result.key.keyId) : undefined;
      const value = sealer ? await sealer.seal(name, result, ttlMs) : result;
      await call(() => store.set(name, value, ttlMs, keyIdName));
    },
    forget: async (name) => void (await call(() => store.delete(name, tombstoneMs))),
    forgetKeyId: async (keyIdName) =>
      void (await call(() => store.deleteKeyId(keyIdName, tombstoneMs))),
  };
}
