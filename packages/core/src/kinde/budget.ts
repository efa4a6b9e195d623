/**
 * @module kinde/budget
 * A budget for the calls to Kinde that cache misses make: a token bucket (`perSecond`, `burst`) and
 * a cap on calls in flight (`maxInFlight`). Without it, anyone on the internet could spend the M2M
 * application's Kinde rate limit with random keys and turn every customer's request into a 503.
 * Over budget, a call fails at once with `BUDGET_EXHAUSTED`, not `KINDE_UNAVAILABLE`: the limit is
 * ours, and the logs must not blame Kinde. Keys this instance recently saw valid never pass through
 * here (see `kinde/miss-guard.ts`), so junk cannot starve them.
 */
import { KindeKeysError } from "../errors.ts";
import type { Logger } from "../types.ts";

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
}

/**
 * Creates the budget of one client; `undefined` for `false`.
 * @throws {KindeKeysError} `CONFIG_INVALID` for a setting that is not a positive number
 */
export function createBudget(
  options: VerifyBudgetOptions | false | undefined,
  logger: Logger | undefined,
): Budget | undefined {
  if (options === false) return undefined;
  const perSecond = positiveOption("verifyBudget.perSecond", options?.perSecond, 20);
  const burst = positiveOption("verifyBudget.burst", options?.burst, 40);
  const maxInFlight = positiveOption("verifyBudget.maxInFlight", options?.maxInFlight, 20);
  let tokens = burst;
  let last = Date.now();
  let inFlight = 0;
  let warnedAt = -Infinity;

  function exhausted(seconds: number): KindeKeysError {
    const now = Date.now();
    // Once a minute at most: a spray would otherwise log per request.
    if (now - warnedAt >= 60_000) {
      warnedAt = now;
      logger?.warn?.(
        { code: "BUDGET_EXHAUSTED", perSecond, burst, maxInFlight },
        "kinde-keys: verify budget exhausted; unknown keys answer 503 until it refills (raise verifyBudget if this traffic is legitimate)",
      );
    }
    return new KindeKeysError("BUDGET_EXHAUSTED", "The budget of calls to Kinde is spent.", {
      retryAfterSeconds: seconds,
    });
  }

  return {
    take() {
      const now = Date.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (inFlight >= maxInFlight) throw exhausted(1);
      if (tokens < 1) throw exhausted(Math.ceil((1 - tokens) / perSecond));
      tokens -= 1;
      inFlight += 1;
    },
    done() {
      inFlight -= 1;
    },
  };
}

/**
 * `value` when it is a positive number, `fallback` when it is left out.
 * @throws {KindeKeysError} `CONFIG_INVALID` naming the setting
 */
export function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value > 0 && value <= Number.MAX_SAFE_INTEGER) return value;
  throw new KindeKeysError("CONFIG_INVALID", `\`${name}\` must be a positive number.`);
}
