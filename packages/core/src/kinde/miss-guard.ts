/**
 * @module kinde/miss-guard
 * What stands between a cache miss and a call to Kinde: the budget, the circuit breaker, and this
 * instance's memory of keys it recently saw valid. That memory outlives the cache entry (by
 * {@link RECENT_AFTER_EXPIRY_MS}, or `staleIfErrorMs` when longer) and holds only valid keys, so a
 * flood of junk can neither evict it nor starve the keys in it: they skip the budget. With
 * `staleIfErrorMs`, it also answers for a key seen valid within that window while Kinde is down,
 * marked `stale`. An invalidation drops the key from it, and a call that was in flight during any
 * invalidation records nothing (its answer may predate the revocation).
 */
import { isKindeKeysError } from "../errors.ts";
import type { VerifyResult } from "../types.ts";
import type { Budget } from "./budget.ts";
import type { Health } from "./health.ts";
import { ExpiringLru } from "./lru.ts";

/** How long a key seen valid is remembered after its cache entry expires. */
export const RECENT_AFTER_EXPIRY_MS = 600_000;
/** Most keys remembered as recently valid. */
const RECENT_MAX_KEYS = 10_000;

/** What the guard needs. */
export interface MissGuardDeps {
  /** The call to Kinde. */
  readonly ask: (apiKey: string) => Promise<VerifyResult>;
  readonly budget: Budget | undefined;
  readonly health: Health;
  /** The positive cache's time to live (0 without a cache). */
  readonly ttlMs: number;
  /** How long a key seen valid may be answered from memory while Kinde is down; 0 for never. */
  readonly staleIfErrorMs: number;
}

/** The guarded call to Kinde for a cache miss. */
export interface MissGuard {
  /** Asks Kinde about `apiKey` (whose hash is `hash`), within the budget and the breaker. */
  ask(apiKey: string, hash: string): Promise<VerifyResult>;
  /**
   * The budget's refusal when {@link MissGuard.ask} for `hash` would be refused by the budget alone:
   * no call for it in flight to join, not a key recently seen valid, the breaker not open (then its
   * own refusal answers). `undefined` otherwise. Lets junk be refused before any work is spent.
   */
  refusal(hash: string): Error | undefined;
  /** Forgets that `hash` was seen valid (the key was invalidated). */
  forget(hash: string): void;
  /** Forgets every key of `keyId` seen valid (the key was rotated or deleted). */
  forgetKeyId(keyId: string): void;
}

type Seen = { readonly result: VerifyResult; readonly at: number };

/** Creates the guard of one client. */
export function guardMisses(deps: MissGuardDeps): MissGuard {
  const { budget, health, staleIfErrorMs } = deps;
  const recent = new ExpiringLru<Seen>(RECENT_MAX_KEYS);
  const keepMs = Math.max(staleIfErrorMs, deps.ttlMs + RECENT_AFTER_EXPIRY_MS);
  let invalidations = 0;
  // Hashes asked about right now. A set, not a count: a second call for a hash (after an
  // invalidation detached the first) ending first only makes `refusal` defer to `ask` sooner.
  const asking = new Set<string>();

  return {
    refusal(hash) {
      if (!budget || asking.has(hash) || health.paused() || recent.get(hash)) return undefined;
      return budget.refusal();
    },
    async ask(apiKey, hash) {
      asking.add(hash);
      try {
        return await askWithin(apiKey, hash);
      } finally {
        asking.delete(hash);
      }
    },
    forget(hash) {
      invalidations += 1;
      recent.delete(hash);
    },
    forgetKeyId(keyId) {
      invalidations += 1;
      recent.deleteWhere(({ result }) => result.valid && result.key.keyId === keyId);
    },
  };

  /** The call for a miss: within the budget unless recently seen valid, through the breaker. */
  async function askWithin(apiKey: string, hash: string): Promise<VerifyResult> {
    const seen = recent.get(hash);
    const epoch = invalidations;
    const call =
      seen || !budget
        ? () => deps.ask(apiKey)
        : () => {
            budget.take();
            return deps.ask(apiKey).finally(budget.done);
          };
    let result: VerifyResult;
    try {
      result = await health.run(call);
    } catch (error) {
      // Only while no invalidation happened since this call began: `seen` predates it otherwise.
      const fresh = epoch === invalidations;
      if (seen && fresh && isOutage(error) && Date.now() - seen.at <= staleIfErrorMs) {
        return { ...seen.result, stale: true } as VerifyResult;
      }
      throw error;
    }
    if (epoch === invalidations) {
      if (result.valid) recent.set(hash, { result, at: Date.now() }, keepMs);
      else recent.delete(hash);
    }
    return result;
  }
}

/** Kinde is down or paused: the only failures stale-if-error answers for. */
function isOutage(error: unknown): boolean {
  return isKindeKeysError(error) && /^(KINDE_UNAVAILABLE|CIRCUIT_OPEN)$/.test(error.code);
}
