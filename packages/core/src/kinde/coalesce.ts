/**
 * @module kinde/coalesce
 * One call to Kinde per key at a time: concurrent verifications of a key that is not cached share
 * one request, and its answer is cached once.
 */
import type { VerifyResult } from "../types.ts";
import type { GuardedCache } from "./store-guard.ts";

/** The calls to Kinde in flight, by the key's hash. */
export interface InFlightCalls {
  /** The answer of the call in flight for `hash`, starting one when there is none. */
  join(hash: string, apiKey: string): Promise<VerifyResult>;
  /** Detaches the call in flight for `hash` (the key was invalidated while it ran). */
  detach(hash: string): void;
  /**
   * Detaches every call in flight (a key id was invalidated: its keys' hashes are not known here).
   * Later requests start calls of their own; the detached ones still answer their own callers.
   */
  detachAll(): void;
}

/** Coalesces `ask` per key hash, caching each registered call's answer in `cache`. */
export function coalesce(
  ask: (apiKey: string, hash: string) => Promise<VerifyResult>,
  cache: GuardedCache | undefined,
): InFlightCalls {
  const inFlight = new Map<string, Promise<VerifyResult>>();
  return {
    join(hash, apiKey) {
      const existing = inFlight.get(hash);
      if (existing) return existing;
      // `invalidate()` detaches a call in flight: its answer may predate a revocation, so only the
      // call still registered for the key may cache its answer or clear the registration.
      const call: Promise<VerifyResult> = ask(apiKey, hash)
        .then(async (result) => {
          // A stale answer (Kinde down) is never cached: the next call must ask Kinde again.
          const fresh = !(result.valid && result.stale);
          if (cache && fresh && inFlight.get(hash) === call) await cache.remember(hash, result);
          return result;
        })
        .finally(() => {
          if (inFlight.get(hash) === call) inFlight.delete(hash);
        });
      inFlight.set(hash, call);
      return call;
    },
    detach(hash) {
      inFlight.delete(hash);
    },
    detachAll() {
      inFlight.clear();
    },
  };
}
