/**
 * Soak: 100,000 mixed requests (valid, unknown, missing, malformed, wrong scope, rate-limited)
 * through the Express adapter on real loopback HTTP with a keep-alive agent and 64 requests in
 * flight, against the fake Kinde on loopback too. Every answer must be the one its kind calls for,
 * the heap after a forced GC must not grow past HEAP_GROWTH_LIMIT_MB, and closing everything must
 * leave no socket, server or timer behind.
 */
import { randomBytes } from "node:crypto";
import { createKindeKeys } from "@acme/kinde-keys-core";
import * as adapter from "@acme/kinde-keys-express";
import { startFakeKinde } from "@acme/kinde-keys-testing";
import { loopback, makeApp } from "@internal/harness";
import { expect, it } from "vitest";

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const CONCURRENCY = 64;
const HEAP_GROWTH_LIMIT_MB = 50;
const RATE_LIMIT = 1_000;

type Kind = "valid" | "unknown" | "fresh-unknown" | "missing" | "malformed" | "wrong-scope" | "hot";

/** Share of each kind, out of 100. */
const MIX: readonly [Kind, number][] = [
  ["valid", 45],
  ["unknown", 10],
  ["fresh-unknown", 3],
  ["missing", 10],
  ["malformed", 5],
  ["wrong-scope", 12],
  ["hot", 15],
];

const EXPECTED: Record<Kind, readonly number[]> = {
  valid: [200],
  unknown: [401],
  "fresh-unknown": [401],
  missing: [401],
  malformed: [400],
  "wrong-scope": [403],
  // One key sending far more than its budget: the first RATE_LIMIT pass, the rest are refused.
  hot: [200, 429],
};

function gcHeapMb(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("the soak needs --expose-gc");
  collect();
  collect();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Resource kinds that must not outlive the soak. */
function openResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => /TCP|Timeout|Immediate|Pipe|FSReq|Interval/.test(kind))
    .sort();
}

it(`soak: ${TOTAL.toLocaleString("en")} mixed requests through Express on loopback`, {
  timeout: 120_000,
}, async () => {
  const resourcesBefore = openResources();
  const kinde = await startFakeKinde();
  const { fake } = kinde;
  const validKeys = Array.from(
    { length: 400 },
    (_, i) => fake.addKey({ orgCode: `org_${i % 20}`, scopes: ["read:things"] }).key,
  );
  const narrowKeys = Array.from(
    { length: 100 },
    () => fake.addKey({ scopes: ["other:scope"] }).key,
  );
  const unknownKeys = Array.from(
    { length: 200 },
    () => `k_live_${randomBytes(16).toString("hex")}`,
  );
  const hotKey = fake.addKey({ scopes: ["read:things"] }).key;

  // The soak is partly about the cache: it keeps refusals for the whole run.
  // It is not about the verify budget (budget.test.ts is): ~3,000 fresh unknown keys at full
  // speed would spend it, and its 503s would hide what this run checks.
  const client = createKindeKeys(
    fake.clientConfig({ cache: { negativeTtlMs: 60_000 }, env: {}, verifyBudget: false }),
  );
  const app = await makeApp("express5", {
    adapter,
    kinde: { client, scopes: ["read:things"], rateLimit: { limit: RATE_LIMIT, windowMs: 600_000 } },
  });
  const server = await loopback(app, { sockets: CONCURRENCY });
  const send = (headers: Record<string, string>) => server.send({ headers });

  const plan: Kind[] = [];
  for (const [kind, share] of MIX) for (let i = 0; i < share; i += 1) plan.push(kind);
  const headersFor = (kind: Kind, n: number): Record<string, string> => {
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    switch (kind) {
      case "valid":
        return bearer(validKeys[n % validKeys.length] as string);
      case "unknown":
        return bearer(unknownKeys[n % unknownKeys.length] as string);
      case "fresh-unknown":
        return bearer(`k_live_${n.toString(16).padStart(32, "0")}`);
      case "missing":
        return {};
      case "malformed":
        return { authorization: n % 2 ? "Basic dXNlcjpwYXNz" : `Bearer ${validKeys[0]} extra` };
      case "wrong-scope":
        return bearer(narrowKeys[n % narrowKeys.length] as string);
      case "hot":
        return bearer(hotKey);
    }
  };

  const counts = new Map<string, number>();
  const unexpected: string[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      const n = next;
      next += 1;
      const kind = plan[(n * 37) % plan.length] as Kind;
      const answer = await send(headersFor(kind, n));
      const label = `${kind} ${answer.status}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
      if (!EXPECTED[kind].includes(answer.status) && unexpected.length < 10)
        unexpected.push(`${label} ${answer.body}`);
    }
  }

  // A short warm-up so one-off allocations (JIT, token, first cache entries) are not counted.
  const warm = await send({ authorization: `Bearer ${validKeys[0]}` });
  expect(warm.status).toBe(200);
  const heapBefore = gcHeapMb();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;

  await server.close();
  await kinde.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const heapAfter = gcHeapMb();
  const resourcesAfter = openResources();

  const hotPassed = counts.get("hot 200") ?? 0;
  console.log(
    [
      `soak: ${TOTAL.toLocaleString("en")} requests in ${seconds.toFixed(1)} s = ${Math.round(TOTAL / seconds).toLocaleString("en")} req/s (Express, loopback, ${CONCURRENCY} in flight, keep-alive)`,
      `  heap after GC: ${heapBefore.toFixed(1)} MB before, ${heapAfter.toFixed(1)} MB after (growth ${(heapAfter - heapBefore).toFixed(1)} MB, limit ${HEAP_GROWTH_LIMIT_MB} MB)`,
      `  Kinde calls: ${fake.calls.verify} verify, ${fake.calls.token} token; handler reached ${app.handled.length} times`,
      `  answers: ${[...counts]
        .sort()
        .map(([label, count]) => `${label}: ${count}`)
        .join(", ")}`,
      `  open resources before/after: [${resourcesBefore.join(", ")}] / [${resourcesAfter.join(", ")}]`,
    ].join("\n"),
  );

  expect(unexpected).toEqual([]);
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
  expect(hotPassed).toBeLessThanOrEqual(RATE_LIMIT);
  expect(counts.get("hot 429") ?? 0).toBeGreaterThan(0);
  expect(app.handled.length).toBe((counts.get("valid 200") ?? 0) + hotPassed + 1);
  expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  // Nothing new may stay open (the runner's own timers may come and go).
  const leaked = [...resourcesAfter];
  for (const kind of resourcesBefore) {
    const at = leaked.indexOf(kind);
    if (at !== -1) leaked.splice(at, 1);
  }
  expect(leaked).toEqual([]);
});
