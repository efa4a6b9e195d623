/**
 * @module kinde/budget
 * A budget for the calls to Kinde that cache misses make: a token bucket (`perSecond`, `burst`) and
 * a cap on calls in flight (`maxInFlight`). Without it, anyone on the internet could spend the M2M
 * application's Kinde rate limit with random keys and turn every customer's request into a 503.
 * Over budget, a call fails at once with `BUDGET_EXHAUSTED`, not `KINDE_UNAVAILABLE`: the limit is
 * ours, and the health log (`kinde/health.ts`) must not blame Kinde for it, so it ignores it. Keys this instance recently saw valid never pass through
 * here (see `kinde/miss-guard.ts`), so junk cannot starve them.
 */

import { positive } from "../config.ts";
import { KindeKeysError } from "../errors.ts";

/** Budget of calls to Kinde for keys not known valid; see `verifyBudget` on `createKindeKeys`. */
export interface VerifyBudgetOptions {
  /**
   * Calls per second, on average.
   * @default 20
   */
  perSecond?: number;
  /**
   * Calls allowed at once after a quiet spell.
   * @default 40
   */
  burst?: number;
  /**
   * Calls in flight at once.
   * @default 20
   */
  maxInFlight?: number;
}

/** The budget of one client. */
export interface Budget {
  /** Takes one call from the budget, or throws `BUDGET_EXHAUSTED`. */
  take(): void;
  /** Gives back the in-flight slot of a finished call. */
  done(): void;
  /**
   * The `BUDGET_EXHAUSTED` error {@link Budget.take} would throw now, without taking anything, or
   * `undefined`: lets a miss be refused before any work is spent on it.
   */
  refusal(): KindeKeysError | undefined;
}

/**
 * Creates the budget of one client; `undefined` for `false`.
 * @throws {KindeKeysError} `CONFIG_INVALID` for a setting that is not a positive number
 */
export function createBudget(options: VerifyBudgetOptions | false | undefined): Budget | undefined {
  if (options === false) return undefined;
  const perSecond = positive("verifyBudget.perSecond", options?.perSecond, 20);
  const burst = positive("verifyBudget.burst", options?.burst, 40);
  const maxInFlight = positive("verifyBudget.maxInFlight", options?.maxInFlight, 20);
  let tokens = burst;
  let last = Date.now();
  let inFlight = 0;
  // Over budget is the common case under a spray of junk keys: one frozen error per distinct
  // `Retry-After`, made once, rather than an error (and its stack trace) per refused request.
  const refusals = new Map<number, KindeKeysError>();

  function refusal(): KindeKeysError | undefined {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    const short = inFlight >= maxInFlight ? 1 : tokens < 1 ? (1 - tokens) / perSecond : 0;
    if (!short) return undefined;
    const seconds = Math.ceil(short);
    let error = refusals.get(seconds);
    if (!error) {
      error = Object.freeze(
        new KindeKeysError("BUDGET_EXHAUSTED", "Verify budget spent.", {
          retryAfterSeconds: seconds,
        }),
      );
      refusals.set(seconds, error);
    }
    return error;
  }

  return {
    refusal,
    take() {
      const refused = refusal();
      if (refused) throw refused;
      tokens -= 1;
      inFlight += 1;
    },
    done() {
      inFlight -= 1;
    },
  };
}
