/**
 * @module kinde/retry
 * When the transport tries a call to Kinde again, and after how long: network errors, timeouts
 * and 408/429/500/502/503/504 are worth another attempt; the wait is an exponential backoff with
 * full jitter (as Kinde asks of rate-limited clients), or Kinde's own `Retry-After` /
 * `RateLimit-Reset` on a 429 or 503, both capped at `retry.maxDelayMs`.
 */
import { HttpFailure, NetworkFailure, TimeoutFailure } from "./transport-errors.ts";

/** Statuses worth another attempt: the request was not acted on, or the failure is transient. */
export const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
/** The first backoff step; each retry doubles it. */
const BASE_DELAY_MS = 300;

/**
 * The wait before retry number `retry` (1 for the first) after `failure`, or `undefined` when the
 * failure is not worth another attempt.
 *
 * @param maxDelayMs the cap of any wait, Kinde's own included
 * @param retryRateLimited `false` leaves a 429 to the caller (verify's circuit breaker)
 */
export function retryDelay(
  failure: unknown,
  retry: number,
  maxDelayMs: number,
  retryRateLimited: boolean,
): number | undefined {
  if (failure instanceof HttpFailure) {
    const { status, headers } = failure;
    if (!RETRY_STATUSES.includes(status) || (status === 429 && !retryRateLimited)) {
      return undefined;
    }
    const after = status === 429 || status === 503 ? retryAfterFrom(headers) : undefined;
    if (after !== undefined) return Math.min(after * 1000, maxDelayMs);
  } else if (!(failure instanceof TimeoutFailure || failure instanceof NetworkFailure)) {
    return undefined;
  }
  return Math.min(maxDelayMs, Math.random() * BASE_DELAY_MS * 2 ** (retry - 1));
}

/**
 * Seconds to wait before retrying, from `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3)
 * or Kinde's `RateLimit-Reset` (seconds).
 */
export function retryAfterFrom(headers: Headers | undefined): number | undefined {
  const raw = headers?.get("retry-after") ?? headers?.get("ratelimit-reset");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
