/**
 * @module worstday
 * The worst day, through the Express adapter with its default budget and breaker, against the fake
 * Kinde in its own process, all on loopback:
 *
 * (a) spray: distinct junk keys at a fixed rate (half of what the machine serves) while one valid
 *     key sends steady traffic; against a quiet run of the valid key alone at the same total rate;
 * (b) Kinde down (every verify call hangs): how fast requests that need Kinde are answered once the
 *     breaker is open, and that a cached key still passes;
 * (c) revocation across two instances sharing a real redis-server (fleet-process.ts).
 *
 * Every loop is bounded by a request count or a duration; the run stops by itself.
 */

import { hasRedisServer, startRedisServer } from "@internal/harness/redis-server";
import autocannon from "autocannon";
import type { KindeSetup } from "./apps.ts";
import { PATH } from "./apps.ts";
import type { RevocationTrial } from "./fleet-process.ts";
import { startWorker, type Worker } from "./ipc.ts";
import { type PacedResult, paced, percentile } from "./paced.ts";
import type { ServersReady } from "./server-process.ts";
import { median } from "./stats.ts";

const here = (file: string) => new URL(file, import.meta.url);
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/** The client's default verify budget (`verifyBudget`): what the spray may cost in Kinde calls. */
export const DEFAULT_BUDGET = { perSecond: 20, burst: 40 } as const;
/** Share of the total rate the valid key sends during the spray, up to {@link MAX_VALID_RATE}/s. */
const VALID_SHARE = 0.1;
const MAX_VALID_RATE = 1_000;
/** Per-attempt timeout of Kinde calls in the outage run (the default is 5 s). */
const OUTAGE_TIMEOUT_MS = 1_000;

/** Per-request statuses and latency of one autocannon run. */
export interface Traffic {
  readonly requests: number;
  readonly ok: number;
  readonly status4xx: number;
  readonly status5xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The valid key's paced traffic: requests sent, answered 200, latency percentiles in ms. */
export interface PacedSummary {
  readonly sent: number;
  readonly ok: number;
  readonly p50: number;
  readonly p99: number;
}

/** What (a) measured. */
export interface SprayReport {
  /** Requests per second the Express adapter serves with a warm cache (autocannon, 10 connections). */
  readonly capacity: number;
  /** The total rate of the quiet run and of the spray: half the capacity. */
  readonly rate: number;
  /** The valid key's share of it, paced and measured to the µs. */
  readonly validRate: number;
  readonly quiet: PacedSummary;
  readonly junk: Traffic;
  readonly valid: PacedSummary;
  readonly seconds: number;
  readonly kindeCalls: number;
  readonly kindeBudget: number;
  /** Server heap after GC before and after the spray, bytes. */
  readonly heap: readonly [number, number];
}

/** What (b) measured. */
export interface OutageReport {
  readonly timeoutMs: number;
  readonly junk: Traffic;
  readonly valid: Traffic;
}

/** What (c) measured, or why it did not run. */
export type RevocationReport =
  | { readonly skipped: string }
  | { readonly trials: readonly RevocationTrial[] };

/** Everything of the worst day. */
export interface WorstDay {
  readonly spray: SprayReport;
  readonly outage: OutageReport;
  readonly revocation: RevocationReport;
}

/** Options of the worst-day run. */
export interface WorstDayOptions {
  readonly sprayKeys: number;
  readonly revocationTrials: number;
  readonly quick: boolean;
}

/** Runs (a), (b) and (c) in turn. */
export async function worstDay(
  setup: KindeSetup,
  kinde: Worker,
  options: WorstDayOptions,
): Promise<WorstDay> {
  progress(`worst day (a): ${options.sprayKeys} junk keys through Express`);
  const spray = await withExpress(setup, (url, server) => sprayRun(url, server, kinde, options));
  progress("worst day (b): Kinde down");
  const outageSetup = {
    ...setup,
    client: { ...setup.client, timeoutMs: OUTAGE_TIMEOUT_MS } as KindeSetup["client"],
  };
  const outage = await withExpress(outageSetup, (url) => outageRun(url, kinde, spray.rate / 4));
  progress(`worst day (c): revocation across two instances, ${options.revocationTrials} trials`);
  const revocation = await revocationRun(setup, kinde, options.revocationTrials);
  return { spray, outage, revocation };
}

/** Runs `task` against a fresh Express adapter app (the `adapter` variant) in its own process. */
async function withExpress<T>(
  setup: KindeSetup,
  task: (url: string, server: Worker) => Promise<T>,
): Promise<T> {
  const { worker, ready } = await startWorker<ServersReady>(
    here("server-process.ts"),
    ["express", JSON.stringify(setup)],
    ["--expose-gc"],
  );
  try {
    return await task(`http://127.0.0.1:${ready.ports.adapter}${PATH}`, worker);
  } finally {
    await worker.stop();
  }
}

/** One autocannon run; `keyOf(i)` gives request i its key. */
async function send(
  url: string,
  load: { rate?: number; seconds?: number; amount?: number; connections?: number },
  keyOf: (i: number) => string,
  control?: { stop?: () => void },
): Promise<Traffic> {
  let i = 0;
  const instance = autocannon({
    url,
    connections: load.connections ?? 10,
    ...(load.rate === undefined ? {} : { overallRate: Math.max(1, Math.round(load.rate)) }),
    ...(load.amount === undefined ? { duration: load.seconds ?? 1 } : { amount: load.amount }),
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          headers: { authorization: `Bearer ${keyOf(i++)}` },
        }),
      },
    ],
  } as autocannon.Options);
  if (control) control.stop = () => instance.stop();
  const result = (await instance) as unknown as {
    requests: { total: number };
    latency: { p50: number; p99: number; max: number };
    "2xx": number;
    "4xx": number;
    "5xx": number;
    errors: number;
    timeouts: number;
  };
  return {
    requests: result.requests.total,
    ok: result["2xx"],
    status4xx: result["4xx"],
    status5xx: result["5xx"],
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

/** Distinct, well-formed keys Kinde does not know; `run` keeps runs apart. */
function junkKey(run: number, i: number): string {
  return `k_live_${run.toString(16).padStart(4, "0")}${i.toString(16).padStart(28, "0")}`;
}

/** (a): capacity, the quiet run at half of it, then the spray at the same total rate. */
async function sprayRun(
  url: string,
  server: Worker,
  kinde: Worker,
  options: WorstDayOptions,
): Promise<SprayReport> {
  const valid = await kinde.call<string>("addKey");
  const always = () => valid;
  const auth = { authorization: `Bearer ${valid}` };
  // Warm-up (JIT, token, the key's cache entry), then what the machine serves with a warm cache.
  await send(url, { seconds: 1 }, always);
  const probeSeconds = options.quick ? 2 : 4;
  const capacity = (await send(url, { seconds: probeSeconds }, always)).requests / probeSeconds;
  const rate = capacity / 2;
  const validRate = Math.min(rate * VALID_SHARE, MAX_VALID_RATE);
  const bulkRate = rate - validRate;
  const seconds = options.sprayKeys / bulkRate;
  // Quiet: the same total rate, all of it the valid key; the paced share is the one measured.
  const quietSeconds = Math.min(seconds, options.quick ? 5 : 10);
  const quietBulk = send(url, { rate: bulkRate, seconds: quietSeconds }, always);
  const quiet = await paced(url, auth, validRate, quietSeconds);
  await quietBulk;

  const heapBefore = await server.call<number>("heapAfterGc");
  await kinde.call("resetCalls");
  const started = performance.now();
  const validRun = paced(url, auth, validRate, seconds);
  const junk = await send(url, { rate: bulkRate, amount: options.sprayKeys }, (i) => junkKey(1, i));
  const elapsed = (performance.now() - started) / 1_000;
  const validTraffic = await validRun;
  const calls = await kinde.call<{ verify: number }>("calls");
  const heapAfter = await server.call<number>("heapAfterGc");
  return {
    capacity,
    rate,
    validRate,
    quiet: summary(quiet),
    junk,
    valid: summary(validTraffic),
    seconds: elapsed,
    kindeCalls: calls.verify,
    kindeBudget: Math.ceil(DEFAULT_BUDGET.burst + DEFAULT_BUDGET.perSecond * elapsed),
    heap: [heapBefore, heapAfter],
  };
}

/** A paced run's figures. */
function summary(run: PacedResult): PacedSummary {
  return {
    sent: run.sent,
    ok: run.ok,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
  };
}

/**
 * (b): every verify call hangs. A first wave of new keys waits for the timeout and opens the
 * breaker; then new keys at a fixed rate must be answered 503 at once, a cached key 200.
 */
async function outageRun(url: string, kinde: Worker, rate: number): Promise<OutageReport> {
  const valid = await kinde.call<string>("addKey");
  await send(url, { amount: 20, connections: 1 }, () => valid);
  await kinde.call("inject", { endpoint: "verify", type: "hang" });
  try {
    // Opens the breaker: these wait for the timeout (and its retries) before they are refused.
    await send(url, { amount: 20, connections: 20 }, (i) => junkKey(2, i));
    const validRun = send(url, { rate: 50, seconds: 3, connections: 1 }, () => valid);
    const junk = await send(url, { rate, seconds: 3 }, (i) => junkKey(3, i));
    return { timeoutMs: OUTAGE_TIMEOUT_MS, junk, valid: await validRun };
  } finally {
    await kinde.call("clearFaults");
  }
}

/** (c): against a redis-server of its own, when one is on PATH. */
async function revocationRun(
  setup: KindeSetup,
  kinde: Worker,
  trials: number,
): Promise<RevocationReport> {
  const redis = hasRedisServer() ? await startRedisServer() : undefined;
  if (!redis)
    return { skipped: "redis-server is not on PATH: revocation across instances not measured" };
  const { worker } = await startWorker(here("fleet-process.ts"), []);
  try {
    const keys: { id: string; key: string }[] = [];
    for (let i = 0; i < trials; i++) keys.push(await kinde.call("issueKey"));
    return {
      trials: await worker.call<RevocationTrial[]>("revocation", redis.url, setup.client, keys),
    };
  } finally {
    await worker.stop();
    await redis.stop();
  }
}

/** Median and p99 of the trials that ended in a refusal, ms. */
export function revocationFigures(trials: readonly RevocationTrial[]): {
  refused: number;
  median: number;
  p99: number;
  deleteMedian: number;
} {
  const times = trials.flatMap((t) => (t.refusedAfterMs === undefined ? [] : [t.refusedAfterMs]));
  const sorted = [...times].sort((x, y) => x - y);
  const p99 =
    sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
  return {
    refused: times.length,
    median: times.length ? median(times) : Number.NaN,
    p99,
    deleteMedian: median(trials.map((t) => t.deleteMs)),
  };
}
