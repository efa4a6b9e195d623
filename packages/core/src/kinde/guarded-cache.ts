/**
 * @module kinde/guarded-cache
 * The cache as verify uses it: a store that fails (a Redis outage) reads as a miss and never fails
 * a verification, and its failure is logged once, then its recovery once, not on every request.
 */
import type { Logger, VerifyResult } from "../types.ts";
import type { ResolvedCache } from "./cache.ts";
import { isPromiseLike, type MaybePromise } from "./maybe-async.ts";

/** A cache whose calls never throw or reject. */
export interface GuardedCache {
  /** The stored result, `undefined` on a miss or a failure; synchronous when the store is. */
  get(hash: string): MaybePromise<VerifyResult | undefined>;
  /** Keeps `result` for its time to live (valid and refused keys have their own). */
  remember(hash: string, result: VerifyResult): Promise<void>;
  /** Drops the entry for `hash`. */
  forget(hash: string): Promise<void>;
}

/** Wraps the client's cache settings; called once per client. */
export function guardCache(cache: ResolvedCache, logger: Logger | undefined): GuardedCache {
  const { store } = cache;
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

  function recovered(): void {
    if (healthy) return;
    healthy = true;
    logger?.info?.({}, "kinde-keys: cache store recovered");
  }

  /** Runs one store call that answers nothing, logging instead of throwing. */
  async function quietly(call: () => void | Promise<void>): Promise<void> {
    try {
      await call();
      recovered();
    } catch (error) {
      failed(error);
    }
  }

  return {
    get(hash) {
      let hit: MaybePromise<VerifyResult | undefined>;
      try {
        hit = store.get(hash);
      } catch (error) {
        return failed(error);
      }
      if (!isPromiseLike(hit)) return hit;
      return hit.then((value) => {
        recovered();
        return value;
      }, failed);
    },
    remember: (hash, result) =>
      quietly(() => store.set(hash, result, result.valid ? cache.ttlMs : cache.negativeTtlMs)),
    forget: (hash) => quietly(() => store.delete(hash)),
  };
}
