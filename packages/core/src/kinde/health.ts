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
import { isKindeKeysError, KindeKeysError } from "../errors.ts";
import type { Logger } from "../types.ts";
import { positiveOption } from "./budget.ts";

/** Circuit-breaker settings of `createKindeKeys`. */
export interface BreakerOptions {
  /**
   * Consecutive outages (network errors, timeouts, 5xx, 429) that open the breaker.
   * @default 5
   */
  threshold?: number;
  /**
   * First pause after opening, in ms; doubled after each failed probe. A 429's `Retry-After` is
   * honoured when longer.
   * @default 5000
   */
  backoffMs?: number;
  /**
   * Longest pause, in ms.
   * @default 60000
   */
  maxBackoffMs?: number;
}

/** The health of one client's calls to Kinde. */
export interface Health {
  /** Runs one call to Kinde through the breaker, recording its outcome. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

type State = "healthy" | "failing" | "open";

const UNAVAILABLE_HINT =
  "Kinde is unreachable, slow or rate-limiting; requests answer 503 meanwhile";
const BAD_ANSWER_HINT = "check that the domain is your Kinde domain (<sub>.kinde.com)";

/**
 * Creates the health of one client; `false` for `breaker` keeps the logs and never pauses.
 * @throws {KindeKeysError} `CONFIG_INVALID` for a breaker setting that is not a positive number
 */
export function createHealth(
  options: BreakerOptions | false | undefined,
  logger: Logger | undefined,
): Health {
  const pauses = options !== false;
  const given = options || {};
  const threshold = positiveOption("breaker.threshold", given.threshold, 5);
  const firstBackoff = positiveOption("breaker.backoffMs", given.backoffMs, 5_000);
  const maxBackoff = positiveOption("breaker.maxBackoffMs", given.maxBackoffMs, 60_000);
  let state: State = "healthy";
  let outages = 0;
  let backoff = firstBackoff;
  let openUntil = 0;
  let probing = false;

  /** Moves to `next` and logs it once; `shown` names the change (`recovered` for healthy again). */
  function log(next: State, level: "warn" | "error", msg: string, error?: KindeKeysError): void {
    state = next;
    const shown = next === "healthy" ? "recovered" : next;
    const hint =
      error &&
      (error.hint ?? (error.code === "KINDE_UNAVAILABLE" ? UNAVAILABLE_HINT : BAD_ANSWER_HINT));
    logger?.[level]?.(
      error
        ? { state: shown, code: error.code, status: error.status, kindeCode: error.kindeCode, hint }
        : { state: shown },
      `kinde-keys: ${msg}${hint ? ` (${hint})` : ""}`,
    );
  }

  /** Throws `CIRCUIT_OPEN` while paused; returns whether this call is the probe. */
  function admit(): boolean {
    if (state !== "open") return false;
    const wait = openUntil - Date.now();
    if (wait > 0 || probing) {
      throw new KindeKeysError("CIRCUIT_OPEN", "Kinde failed repeatedly; calls are paused.", {
        retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
      });
    }
    probing = true;
    return true;
  }

  function answered(): void {
    outages = 0;
    backoff = firstBackoff;
    if (state !== "healthy") log("healthy", "warn", "Kinde verification recovered");
  }

  function failed(error: unknown, probe: boolean): void {
    // An abort, or our own budget: nothing learned about Kinde.
    if (!isKindeKeysError(error) || error.code === "BUDGET_EXHAUSTED") return;
    if (error.code !== "KINDE_UNAVAILABLE") {
      outages = 0;
      if (state !== "failing")
        log("failing", "error", `Kinde verification failing: ${error.message}`, error);
      return;
    }
    outages += 1;
    if (state === "healthy")
      log("failing", "warn", `Kinde verification failing: ${error.message}`, error);
    const retryAfterMs = (error.retryAfterSeconds ?? 0) * 1000;
    if (!pauses || (!probe && outages < threshold && !retryAfterMs)) return;
    openUntil = Date.now() + Math.max(backoff, retryAfterMs);
    if (probe) backoff = Math.min(backoff * 2, maxBackoff);
    if (state !== "open") {
      log(
        "open",
        "error",
        `calls to Kinde paused for ${Math.ceil((openUntil - Date.now()) / 1000)} s after repeated failures (CIRCUIT_OPEN)`,
        error,
      );
    }
  }

  return {
    async run(call) {
      const probe = admit();
      try {
        const value = await call();
        answered();
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
