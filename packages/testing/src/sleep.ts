/**
 * @module sleep
 * Waiting that honours `AbortSignal`. Delays, latency and hangs must stop the moment the caller
 * gives up, exactly as a real `fetch` does, or timeout tests would leak timers and pending work.
 */

/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts
 * (immediately if it already has). Uses `setTimeout`, so vitest's fake timers control it.
 *
 * @example
 * ```ts
 * await sleep(50, request.signal);
 * ```
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Never resolves; rejects with `signal.reason` when `signal` aborts. Models a server that accepted
 * the connection and then went silent.
 */
export function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
