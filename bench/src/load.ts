/**
 * @module load
 * HTTP load over loopback with autocannon, and the coalescing check (many concurrent requests
 * carrying one new key).
 */
import { request } from "node:http";
import autocannon from "autocannon";

/** One autocannon run, reduced to what the tables show. */
export interface LoadResult {
  /** Completed requests per second. */
  readonly rps: number;
  /** Median latency, ms. */
  readonly p50: number;
  /** 99th percentile latency, ms. */
  readonly p99: number;
  /** Answers that were not 2xx, plus socket errors and timeouts. */
  readonly failures: number;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Loads `url` for `durationSeconds` with `connections` keep-alive connections. */
export async function load(
  url: string,
  headers: Record<string, string>,
  durationSeconds: number,
  connections: number,
): Promise<LoadResult> {
  const result = (await autocannon({
    url,
    headers,
    connections,
    duration: durationSeconds,
  })) as unknown as AutocannonResult;
  return {
    rps: result.requests.total / Math.max(result.duration, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** One GET on a fresh connection; resolves with the status (0 on a socket error). */
function getOnce(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** Sends `count` requests at once, each on its own connection; resolves with their statuses. */
export function burst(
  url: string,
  headers: Record<string, string>,
  count: number,
): Promise<number[]> {
  const target = new URL(url);
  return Promise.all(Array.from({ length: count }, () => getOnce(target, headers)));
}
