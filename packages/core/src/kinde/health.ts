/**
 * @module kinde/health
 * Kinde's health as one client sees it: one state machine that both tells the operator what is
 * wrong and acts as the circuit breaker of verify.
 *
 * ```
 * healthy ──any failure──▶ failing ──repeated outages, or a 429 with Retry-After──▶ open
 *    ▲                        │                                                    │
 *    └────── an answer ◀──────┴──────────── one probe after the backoff ◀──────────┘
 * ```
 *
 * Each change of state is logged once (`warn` for an outage, `error` for a setup problem or an
 * open breaker) with the error code, Kinde's status and own error code, and a one-line hint; never
 * per request, never a secret. Only outages count towards opening (network errors, timeouts, 5xx,
 * 429): an auth failure or a refused key is Kinde answering, and pausing would not fix it. While
 * open, calls fail at once with `CIRCUIT_OPEN` (no network call, no timeout wait); after the backoff
 * one probe at a time is let through, and each failed probe doubles the backoff.
 */

import { delayMs, positive } from "../config.ts";
import { isKindeKeysError, KindeKeysError } from "../errors.ts";
import type { Logger } from "../types.ts";

/** Circuit-breaker settings of `createKindeKeys`. */
export interface BreakerOptions {
  /**
   * Consecutive outages (network errors, timeouts, 5xx, 429) that open the breaker.
   * @default 5
   */
  threshold?: number;
  /**
   * First pause after opening, in ms; doubled after each failed probe, up to a minute. A 429's
   * `Retry-After` is honoured when longer.
   * @default 5000
   */
  backoffMs?: number;
}

/** What to check, in one line, for a failure of verify. */
export function hintFor({ code, status }: KindeKeysError): string {
  return code === "KINDE_MISCONFIGURED"
    ? "API keys need a Kinde plan that includes them, or the domain is wrong"
    : code === "KINDE_UNAVAILABLE"
      ? "Kinde is unreachable, slow or rate-limiting"
      : code !== "KINDE_AUTH_FAILED"
        ? "check that the domain is your Kinde domain"
        : status === 403
          ? "the M2M application lacks read:api_keys"
          : "check KINDE_MANAGEMENT_CLIENT_SECRET";
}

/** The health of one client's calls to Kinde. */
export interface Health {
  /** Runs one call to Kinde through the breaker, recording its outcome. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** True while the breaker is open: {@link Health.run} would refuse, or let one probe through. */
  paused(): boolean;
}

type State = "healthy" | "failing" | "open";

/**
 * Creates the health of one client; `false` for `breaker` keeps the logs and never pauses.
 * @throws {KindeKeysError} `CONFIG_INVALID` for a breaker setting that is not a positive number
 */
export function createHealth(
  options: BreakerOptions | false | undefined,
  logger: Logger | undefined,
): Health {
  const given = options || {};
  const threshold = positive("breaker.threshold", given.threshold, 5);
  const firstBackoff = delayMs("breaker.backoffMs", given.backoffMs, 5_000);
  let state: State = "healthy";
  let outages = 0;
  let backoff = firstBackoff;
  let openUntil = 0;
  let probing = false;

  /** Moves to `next` and logs the change once. */
  function move(next: State, level: "warn" | "error", error?: KindeKeysError): void {
    state = next;
    logChange(logger, next, level, error);
  }

  /** Throws `CIRCUIT_OPEN` while paused; returns whether this call is the probe. */
  function admit(): boolean {
    if (state !== "open") return false;
    const wait = openUntil - Date.now();
    if (wait > 0 || probing) throw circuitOpen(wait);
    probing = true;
    return true;
  }

  function failed(error: unknown, probe: boolean): void {
    // An abort, or our own budget: nothing learned about Kinde.
    if (!isKindeKeysError(error) || error.code === "BUDGET_EXHAUSTED") return;
    const outage = error.code === "KINDE_UNAVAILABLE";
    outages = outage ? outages + 1 : 0;
    if (state === "healthy" || (!outage && state === "open")) {
      move("failing", outage ? "warn" : "error", error);
    }
    const retryAfterMs = (error.retryAfterSeconds ?? 0) * 1000;
    if (!outage || options === false || (!probe && outages < threshold && !retryAfterMs)) return;
    openUntil = Date.now() + Math.max(backoff, retryAfterMs);
    if (probe) backoff = Math.min(backoff * 2, 60_000);
    if (state !== "open") move("open", "error", error);
  }

  return {
    paused: () => state === "open",
    async run(call) {
      const probe = admit();
      try {
        const value = await call();
        outages = 0;
        backoff = firstBackoff;
        if (state !== "healthy") move("healthy", "warn");
        return value;
      } catch (error) {
        failed(error, probe);
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
  };
}

/** Logs a change of state once (`recovered` when healthy again), with what to check. */
function logChange(
  logger: Logger | undefined,
  next: State,
  level: "warn" | "error",
  error: KindeKeysError | undefined,
): void {
  const hint = error && hintFor(error);
  const what =
    next === "open"
      ? "calls to Kinde paused (CIRCUIT_OPEN)"
      : error
        ? error.message
        : "Kinde recovered";
  logger?.[level]?.(
    {
      state: next === "healthy" ? "recovered" : next,
      code: error?.code,
      status: error?.status,
      kindeCode: error?.kindeCode,
      hint,
    },
    `kinde-keys: ${what}${hint ? ` (${hint})` : ""}`,
  );
}

/** The refusal of a call while the breaker is open, `wait` ms before the next probe. */
function circuitOpen(wait: number): KindeKeysError {
  return new KindeKeysError("CIRCUIT_OPEN", "Calls to Kinde are paused.", {
    retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
  });
}
