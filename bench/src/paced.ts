/**
 * @module paced
 * Open-loop traffic of one key at a fixed rate with sub-millisecond latencies (autocannon reports
 * whole milliseconds, too coarse to compare the p99 of a loopback request that takes ~0.3 ms).
 * Latency counts from the moment a request was due, not sent, so a stalled sender cannot hide a
 * slow server (no coordinated omission).
 */
import { Agent, request } from "node:http";

/** Statuses and latencies of one paced run. */
export interface PacedResult {
  readonly sent: number;
  readonly ok: number;
  /** Latencies in ms, sorted. */
  readonly latencies: readonly number[];
}

/** Sends `rate` GETs per second to `url` for `seconds`, over up to `sockets` keep-alive sockets. */
export async function paced(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
  sockets = 8,
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(url);
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies: number[] = [];
  let ok = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1_000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      // From when it was due, or when it left if the timer let it go early.
      const from = Math.min(due, performance.now());
      pending.push(
        once(target, headers, agent).then((status) => {
          latencies.push(performance.now() - from);
          if (status === 200) ok += 1;
        }),
      );
    }
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  return { sent: total, ok, latencies: latencies.sort((a, b) => a - b) };
}

/** The p-th percentile (0–100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] as number;
}

function once(url: URL, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}
