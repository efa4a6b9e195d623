/**
 * @module kinde/lookup
 * The one lookup path of a verification, for a key already known well formed: `keyPattern`, the
 * key's entry name, the cache, then Kinde through the miss guard (budget, breaker) and the shared
 * call in flight. Each step answers synchronously when it can (node:crypto, the memory store), so
 * a warm hit, and a refusal decided at once, take no promise.
 */
import type { VerifyResult } from "../types.ts";
import { raceAbort } from "./abort.ts";
import type { InFlightCalls } from "./coalesce.ts";
import { andThen, type MaybePromise } from "./maybe-async.ts";
import type { MissGuard } from "./miss-guard.ts";
import type { GuardedCache } from "./store-guard.ts";
import type { PipelineVerifyOptions } from "./verify.ts";
import { reportWhenSettled, type VerifyReporter } from "./verify-events.ts";

/** What the lookup is made of; see `createVerifier`. */
export interface LookupParts {
  readonly cache: GuardedCache | undefined;
  /** The name of a key's entry (see `namespace.ts`). */
  readonly nameOf: (apiKey: string) => MaybePromise<string>;
  readonly misses: MissGuard;
  readonly calls: InFlightCalls;
  readonly report: VerifyReporter | undefined;
  /** The `keyPattern` test, if any: a key it refuses is invalid without a call. */
  readonly keyPattern: ((apiKey: string) => boolean) | undefined;
}

/**
 * The lookup of one client.
 *
 * @returns a function that answers now when hashing and the cache answer now; it throws
 * `BUDGET_EXHAUSTED` at once when the refusal is decided at once
 */
export function createLookup(
  parts: LookupParts,
): (apiKey: string, options?: PipelineVerifyOptions) => MaybePromise<VerifyResult> {
  const { cache, nameOf, misses, calls, report, keyPattern } = parts;

  /** The cache, else Kinde. */
  function lookup(
    hash: string,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): MaybePromise<VerifyResult> {
    if (!cache) return fromKinde(hash, apiKey, started, abort);
    return andThen(cache.get(hash), (hit) => {
      if (!hit) return fromKinde(hash, apiKey, started, abort);
      report?.(apiKey, started, true, hit);
      return hit;
    });
  }

  /**
   * Joins the call to Kinde for this key; this caller alone may stop waiting. The caller's signal is
   * made here, on the miss path only.
   */
  function fromKinde(
    hash: string,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): Promise<VerifyResult> {
    // Over budget, a key not known valid is refused before anything else is spent on it (no
    // signal, no shared call, no promise): under a spray of junk keys this is most requests.
    const refused = misses.refusal(hash);
    if (refused) {
      report?.(apiKey, started, false, refused);
      throw refused;
    }
    const signal = abort.signal ?? abort.signalSource?.(abort);
    const answer = raceAbort(calls.join(hash, apiKey), signal);
    return report ? reportWhenSettled(answer, report, apiKey, started) : answer;
  }

  return (apiKey, options = {}) => {
    if (keyPattern && !keyPattern(apiKey)) {
      report?.(apiKey, performance.now(), false, INVALID);
      return INVALID;
    }
    const started = report ? performance.now() : 0;
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    return andThen(nameOf(apiKey), (hash) => lookup(hash, apiKey, started, options));
  };
}

// Frozen: every caller gets this same object.
const INVALID: VerifyResult = Object.freeze({ valid: false, reason: "invalid" });
