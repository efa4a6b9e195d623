/**
 * @module inprocess
 * The stable measures, run in a fresh process of their own (`--expose-gc`):
 *
 * - `direct`: the adapter's own cost: its middleware called in a tight loop on real framework
 *   request objects (built outside the timed region), warm cache, median of batches, µs per call;
 * - `inject`: the framework's per-request cost with and without the adapter, by injected requests
 *   (light-my-request for Express and Koa through their Node handlers, `app.request` for Hono),
 *   interleaved batches, medians;
 * - `memory`: the heap after GC while 100,000 requests with distinct invalid keys go through the
 *   adapter, and whether the oldest of them was evicted.
 *
 * Times are wall-clock medians of batches; the orchestrator keeps the better of two passes taken
 * minutes apart, since other work on the machine can only add time.
 *
 * Kinde is the fake, in this process (`fake.fetch`): with a warm cache it is called once per key,
 * and for the memory check it keeps nothing per unknown key.
 */

import { hash } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { setImmediate } from "node:timers/promises";
import { createKindeKeys, memoryCacheStore } from "@acme/kinde-keys-core";
import { createAuthorizer } from "@acme/kinde-keys-core/adapter";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import type { App } from "@internal/harness";
import express from "express";
import { Hono, type Context as HonoContext } from "hono";
import Koa from "koa";
import inject from "light-my-request";
import {
  adapterMiddleware,
  buildApp,
  buildNoopApp,
  type Framework,
  type KindeSetup,
  PATH,
} from "./apps.ts";
import { serveWorker } from "./ipc.ts";
import { median, nowMicros } from "./stats.ts";

const fake = createFakeKinde({ domain: "fake-kinde.test" });
const { key } = fake.addKey({ orgCode: "org_bench", scopes: ["read:bench"] });
const AUTH = { authorization: `Bearer ${key}` };
const CALLS_PER_BATCH = 1_000;
const WARMUP_BATCHES = 5;
/** Untimed traffic before any timing, for the direct calls and the injected requests alike. */
const WARMUP_MS = 1_500;

// The naive middleware is not measured here, so it needs no token.
const SETUP: KindeSetup = { origin: fake.origin, token: "", client: fake.clientConfig() };

/** A client with the default cache (these measures are of the warm path), calling the fake in process. */
function client() {
  return createKindeKeys(fake.clientConfig({ fetch: fake.fetch, cache: {} }));
}

/**
 * Sends one request in process and resolves with its status: light-my-request for Node apps,
 * `fetch` for Hono. Leaner than the harness's drivers, which read and time whole answers: here the
 * framework's own cost is measured, and anything the caller adds lands in every variant.
 */
function injector(app: App): (headers: Record<string, string>) => Promise<number> {
  if (app.fetch) {
    const { fetch } = app;
    return async (headers) =>
      (await fetch(new Request(`http://localhost${PATH}`, { headers }))).status;
  }
  const { listener } = app;
  return async (headers) =>
    (await inject(listener, { method: "GET", url: PATH, headers })).statusCode;
}

/**
 * A garbage collection (the process runs with `--expose-gc`): a full one for heap figures, a young
 * one between timed batches. A forced full collection also shrinks the young generation, which
 * then fills and is scavenged more often inside the next timed batch: it doubled Hono's direct-call
 * figure (0.95 → 1.8 µs) and penalised every contestant by how much it allocates, where a server
 * under load never collects fully every thousand requests.
 */
function collectGarbage(type: "major" | "minor" = "major"): void {
  const gc = (globalThis as { gc?: (options?: { type: string }) => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  gc({ type });
}

/** What one contestant of an interleaved measure runs: inputs made untimed, then one call each. */
interface Contestant<T = unknown> {
  readonly prepare: () => T[];
  readonly call: (input: T) => unknown;
}

/**
 * Times the contestants batch by batch, interleaved (A B C, A B C, …), so a slow spell of the
 * machine lands on all of them alike; the median µs per call of each. Ratios between contestants of
 * one run are what budgets compare: absolute µs differ by ±40 % between machines.
 */
async function timeInterleaved<Name extends string>(
  batches: number,
  contestants: Record<Name, Contestant<never>>,
): Promise<Record<Name, number>> {
  const entries = Object.entries(contestants) as [Name, Contestant<unknown>][];
  const perCall = Object.fromEntries(entries.map(([name]) => [name, [] as number[]])) as Record<
    Name,
    number[]
  >;
  // Untimed warm-up first, by time as well as by count, so the optimising compiler has settled
  // before timing starts: a middleware's code takes tens of thousands of calls to reach its final
  // tier (Hono's direct call was 2.0 µs over its first 40,000 calls, 1.0 µs from 100,000 on).
  const warmUntil = performance.now() + WARMUP_MS;
  for (let b = 0; b < WARMUP_BATCHES || performance.now() < warmUntil; b++) {
    for (const [, { prepare, call }] of entries) for (const input of prepare()) await call(input);
  }
  for (let b = 0; b < batches; b++) {
    for (const [name, { prepare, call }] of entries) {
      const inputs = prepare();
      // Collect the young garbage of earlier batches and of `prepare` now, not inside the timed loop.
      collectGarbage("minor");
      const start = nowMicros();
      for (const input of inputs) await call(input);
      perCall[name].push((nowMicros() - start) / inputs.length);
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(perCall[name])])) as Record<
    Name,
    number
  >;
}

/** One SHA-256 of the benchmark key (node:crypto one-shot): the floor of a warm-cache check. */
function sha256Contestant(): Contestant<string> {
  return {
    prepare: () => Array.from({ length: CALLS_PER_BATCH }, () => key),
    call: (input) => hash("sha256", input, "base64url"),
  };
}

/** A fresh Node request as the server would hand it over: headers parsed lazily from raw. */
function nodeRequest(proto: object): IncomingMessage {
  const req = Object.create(proto) as IncomingMessage;
  IncomingMessage.call(req, null as never);
  // What Node's HTTP parser calls: headers then parse lazily from these raw lines on first access.
  const raw = ["Host", "127.0.0.1", "Authorization", AUTH.authorization, "Accept", "*/*"];
  (req as unknown as { _addHeaderLines(lines: string[], count: number): void })._addHeaderLines(
    raw,
    raw.length,
  );
  req.method = "GET";
  req.url = PATH;
  return req;
}

/** µs per call of the adapter, a no-op middleware and one SHA-256, interleaved in one run. */
export interface DirectCost {
  readonly adapter: number;
  readonly noop: number;
  readonly sha256: number;
}

/**
 * Direct-call cost of one framework's adapter middleware and, for scale, of a no-op middleware
 * called the same way and of one SHA-256 of the key, batches interleaved; µs per call. A first call fills the cache and proves the key passes, so the
 * loop times the accepting path, not a refusal.
 */
async function directCost(framework: Framework, batches: number): Promise<DirectCost> {
  const kinde = { client: client() };
  const n = CALLS_PER_BATCH;
  if (framework === "express") {
    const app = express();
    const middleware = adapterMiddleware("express", kinde);
    const noop: typeof middleware = async (_req, _res, next) => next();
    const res = Object.create(app.response) as ServerResponse;
    ServerResponse.call(res, nodeRequest(app.request) as never);
    const prepare = () => Array.from({ length: n }, () => nodeRequest(app.request));
    const next = () => {};
    const first = nodeRequest(app.request) as IncomingMessage & { kindeApiKey?: unknown };
    // Express's middleware returns nothing to await: a cache miss calls `next` once Kinde answered.
    await new Promise<void>((passed) => {
      middleware(first as never, res as never, () => passed());
      setTimeout(passed, 5_000).unref();
    });
    if (!first.kindeApiKey) throw new Error("express: the adapter refused the benchmark key");
    const as = (mw: typeof middleware) => ({
      prepare,
      call: (req: IncomingMessage) => mw(req as never, res as never, next),
    });
    return timeInterleaved(batches, {
      adapter: as(middleware),
      noop: as(noop),
      sha256: sha256Contestant(),
    });
  }
  if (framework === "koa") {
    const app = new Koa();
    const middleware = adapterMiddleware("koa", kinde);
    const noop: typeof middleware = async (_ctx, next) => next();
    const res = new ServerResponse(nodeRequest(IncomingMessage.prototype));
    const prepare = () =>
      Array.from({ length: n }, () =>
        app.createContext(nodeRequest(IncomingMessage.prototype), res),
      );
    const next = async () => {};
    const first = app.createContext(nodeRequest(IncomingMessage.prototype), res);
    await middleware(first, next);
    if (!first.state.kindeApiKey) throw new Error("koa: the adapter refused the benchmark key");
    const as = (mw: typeof middleware) => ({
      prepare,
      call: (ctx: ReturnType<typeof prepare>[number]) => mw(ctx as never, next),
    });
    return timeInterleaved(batches, {
      adapter: as(middleware),
      noop: as(noop),
      sha256: sha256Contestant(),
    });
  }
  // Hono does not export its Context class: take it from a context it built.
  const probe = new Hono();
  let ContextClass: (new (request: Request) => HonoContext) | undefined;
  probe.get("/hello", (c) => {
    ContextClass = c.constructor as typeof ContextClass;
    return c.text("ok");
  });
  await probe.request("/hello");
  if (!ContextClass) throw new Error("could not capture Hono's Context");
  const Ctor = ContextClass;
  const middleware = adapterMiddleware("hono", kinde);
  const noop: typeof middleware = async (_c, next) => next();
  // One Request for all contexts: the adapter only reads its headers and signal, and building
  // Requests is not the adapter's cost (nor fast to collect: undici registers finalizers for them).
  const request = new Request("http://127.0.0.1/hello", { headers: AUTH });
  const prepare = () => Array.from({ length: n }, () => new Ctor(request));
  const next = async () => {};
  const first = new Ctor(request);
  await middleware(first, next);
  if (!first.get("kindeApiKey")) throw new Error("hono: the adapter refused the benchmark key");
  const as = (mw: typeof middleware) => ({
    prepare,
    call: (c: HonoContext) => mw(c, next),
  });
  return timeInterleaved(batches, {
    adapter: as(middleware),
    noop: as(noop),
    sha256: sha256Contestant(),
  });
}

/** Core alone: the compiled pipeline on a Node header record, and SHA-256 via node:crypto. */
async function coreCost(batches: number): Promise<{ authorize: number; sha256: number }> {
  const authorize = createAuthorizer(client());
  const headers = { ...AUTH };
  await authorize({ headers });
  const prepare = () => Array.from({ length: CALLS_PER_BATCH }, () => headers);
  return timeInterleaved(batches, {
    authorize: { prepare, call: (h: typeof headers) => authorize({ headers: h }) },
    sha256: sha256Contestant(),
  });
}

/** Per-request µs by injection of the bare app, behind a no-op middleware, and behind the adapter. */
export interface InjectedCost {
  readonly bare: number;
  readonly noop: number;
  readonly adapter: number;
}

/** Injected per-request cost, the three apps interleaved batch by batch; medians of batches. */
async function injectCost(framework: Framework, batches: number): Promise<InjectedCost> {
  const apps = {
    bare: injector(await buildApp(framework, "bare", SETUP)),
    noop: injector(await buildNoopApp(framework)),
    adapter: injector(await buildApp(framework, "adapter", SETUP, { fetch: fake.fetch })),
  };
  const perBatch = framework === "hono" ? 1_000 : 200;
  const times = { bare: [] as number[], noop: [] as number[], adapter: [] as number[] };
  // Warm-up by time, not count: a fresh process needs about a second of traffic before the
  // optimising compiler has settled on the framework's code.
  const warmUntil = performance.now() + WARMUP_MS;
  while (performance.now() < warmUntil) {
    for (const app of Object.values(apps)) {
      for (let i = 0; i < 50; i++) {
        if ((await app(AUTH)) !== 200) throw new Error(`${framework}: warm-up request failed`);
      }
    }
  }
  for (let b = 0; b < batches; b++) {
    for (const name of ["bare", "noop", "adapter"] as const) {
      // No forced GC here: each app pays for its own garbage, as it would under traffic.
      const start = nowMicros();
      for (let i = 0; i < perBatch; i++) await apps[name](AUTH);
      times[name].push((nowMicros() - start) / perBatch);
    }
  }
  return { bare: median(times.bare), noop: median(times.noop), adapter: median(times.adapter) };
}

/**
 * Heap after GC, bytes. Yields to the event loop first: objects only held through a `WeakRef`
 * (undici ties each Request's signal to its parent that way) stay alive until the current job ends.
 */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await setImmediate();
    collectGarbage();
  }
  return process.memoryUsage().heapUsed;
}

/** Distinct, well-formed keys Kinde does not know. */
function invalidKey(i: number): string {
  return `k_live_${i.toString(16).padStart(32, "0")}`;
}

/** What the memory check reports. */
export interface MemoryReport {
  readonly count: number;
  readonly refused: number;
  readonly kindeCalls: number;
  readonly seconds: number;
  readonly maxEntries: number;
  /** Heap after GC before the run, halfway, and at the end, bytes. */
  readonly heap: readonly [number, number, number];
  readonly oldestCached: boolean;
  readonly newestCached: boolean;
}

/**
 * Sends `count` requests with distinct invalid keys through the Hono adapter (the cheapest
 * in-process transport), 100 at a time, and reads the heap after GC before, halfway and at the end.
 * The cache is full (10,000 entries) long before halfway, so from there on a bounded cache keeps the
 * heap flat, where an unbounded one would grow by every entry.
 */
async function memory(count: number): Promise<MemoryReport> {
  const maxEntries = 10_000;
  const store = memoryCacheStore({ maxEntries });
  // Refusals are kept for 10 minutes so only the LRU bound, not expiry, can evict them.
  const send = injector(
    await buildApp("hono", "adapter", SETUP, {
      fetch: fake.fetch,
      cache: { store, negativeTtlMs: 600_000 },
      // This check is about the cache bound: every key must reach Kinde and be cached. The verify
      // budget would refuse most of them at once (the worst-day spray measures it).
      verifyBudget: false,
    }),
  );
  let refused = 0;
  const sendBatch = async (from: number, to: number) => {
    for (let i = from; i < to; i += 100) {
      const statuses = await Promise.all(
        Array.from({ length: Math.min(100, to - i) }, (_, j) =>
          send({ authorization: `Bearer ${invalidKey(i + j)}` }),
        ),
      );
      for (const status of statuses) if (status === 401) refused += 1;
      // A real Kinde answers over the network, so the event loop turns between batches; the
      // in-process fake answers without one, which would keep every batch's WeakRef targets alive.
      await setImmediate();
    }
  };

  await sendBatch(count, count + 2_000); // warm-up, with keys outside the measured range
  fake.resetCalls();
  refused = 0;
  const before = await settledHeap();
  const started = performance.now();
  const half = Math.floor(count / 2);
  await sendBatch(0, half);
  const middle = await settledHeap();
  await sendBatch(half, count);
  const seconds = (performance.now() - started) / 1_000;
  const after = await settledHeap();
  // Whether a key is still cached, read from the outside: a cached refusal is answered without a
  // call to Kinde. (Entry names are hashes of the client's namespace and the key, possibly sealed,
  // so the store cannot be probed by name.) The newest first: a miss on the oldest adds an entry.
  const kindeCalls = fake.calls.verify;
  const cached = async (i: number) => {
    const before = fake.calls.verify;
    await send({ authorization: `Bearer ${invalidKey(i)}` });
    return fake.calls.verify === before;
  };
  const newestCached = await cached(count - 1);
  const oldestCached = await cached(0);
  return {
    count,
    refused,
    kindeCalls,
    seconds,
    maxEntries,
    heap: [before, middle, after],
    oldestCached,
    newestCached,
  };
}

serveWorker(
  { pid: process.pid },
  {
    direct: (framework: Framework, batches: number) => directCost(framework, batches),
    core: (batches: number) => coreCost(batches),
    inject: (framework: Framework, batches: number) => injectCost(framework, batches),
    memory: (count: number) => memory(count),
    exit: () => process.exit(0),
  },
);
