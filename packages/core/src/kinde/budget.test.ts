/**
 * Hostile traffic cannot reach Kinde faster than a budget (issue 13, items 1 and 2): cache misses
 * pass a token bucket and a concurrency cap, keys recently seen valid bypass it, refusals never
 * evict valid keys, and a key shape refuses garbage before any network call. Every claim is a count
 * of calls at the fake; the clock is frozen (`Date` only) so the bucket does not refill mid-test.
 */
import { describe, expect, it, vi } from "vitest";
import { rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeysError } from "../errors.ts";
import { KINDE_API_KEY_PATTERN } from "../key-format.ts";
import { createPipeline } from "../request/authorize.ts";

const { fake, createKinde } = setupFakeKinde();
const NOW = 1_700_000_000_000;

function junk(i: number): string {
  return `k_live_${i.toString(16).padStart(32, "0")}`;
}

describe("the budget for cache misses", () => {
  it("1,000 random unknown keys cost at most the bucket's burst", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({ verifyBudget: { perSecond: 1, burst: 20, maxInFlight: 1_000 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1_000 }, (_, i) => kinde.verify(junk(i))),
    );
    expect(fake.calls.verify).toBeLessThanOrEqual(20);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused.length).toBeGreaterThanOrEqual(980);
    const first = (refused[0] as PromiseRejectedResult).reason as KindeKeysError;
    expect(first).toMatchObject({ code: "BUDGET_EXHAUSTED" });
    expect(first.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("over budget, junk is refused at once, before any work: one shared frozen 503, no abort signal, no promise", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({ verifyBudget: { perSecond: 1, burst: 2, maxInFlight: 1_000 } });
    const pipeline = createPipeline(kinde);
    let signals = 0;
    const input = (i: number) => ({
      headers: { authorization: `Bearer ${junk(i)}` },
      signalSource: () => {
        signals += 1;
        return undefined;
      },
    });
    await Promise.all([pipeline(input(0)), pipeline(input(1))]); // spends the burst
    signals = 0;
    const pending = Array.from({ length: 50 }, (_, i) => pipeline(input(i + 2)));
    // Decided at once (node:crypto and the memory store answer now): no promise, no microtask.
    expect(pending.filter((answer) => answer instanceof Promise)).toHaveLength(0);
    const answers = await Promise.all(pending);
    expect(fake.calls.verify).toBe(2);
    expect(signals).toBe(0);
    expect(answers[0]).toMatchObject({ ok: false, status: 503, headers: { "retry-after": "1" } });
    expect(new Set(answers).size).toBe(1);
    expect(Object.isFrozen(answers[0])).toBe(true);
    expect(Object.isFrozen((answers[0] as { headers: object }).headers)).toBe(true);
  });

  it("the defaults bound a spray too", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde();
    await Promise.allSettled(Array.from({ length: 1_000 }, (_, i) => kinde.verify(junk(i))));
    expect(fake.calls.verify).toBeLessThanOrEqual(50);
  });

  it("caps the calls in flight", async () => {
    fake.setLatency(20);
    const kinde = createKinde({ verifyBudget: { perSecond: 1_000, burst: 1_000, maxInFlight: 5 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => kinde.verify(junk(i))),
    );
    expect(fake.calls.verify).toBe(5);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(45);
  });

  it("a key recently seen valid bypasses an exhausted budget", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const { key } = fake.addKey();
    const kinde = createKinde({
      cache: { ttlMs: 1_000 },
      verifyBudget: { perSecond: 1, burst: 2, maxInFlight: 10 },
    });
    expect((await kinde.verify(key)).valid).toBe(true);
    await Promise.allSettled(Array.from({ length: 20 }, (_, i) => kinde.verify(junk(i))));
    const junkError = (await rejectionOf(kinde.verify(junk(99)))) as KindeKeysError;
    expect(junkError.code).toBe("BUDGET_EXHAUSTED");
    vi.setSystemTime(NOW + 1_500); // the positive entry expired; the key is still known here
    const before = fake.calls.verify;
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(before + 1);
  });

  it("padding variants are distinct keys, each costing one call per negative TTL", async () => {
    const kinde = createKinde();
    const base = junk(7).slice(0, -2);
    for (let round = 0; round < 10; round += 1) {
      for (const key of [base, `${base}=`, `${base}==`]) {
        expect(await kinde.verify(key)).toEqual({ valid: false, reason: "invalid" });
      }
    }
    expect(fake.calls.verify).toBe(3);
  });

  it("20 junk keys while Kinde answers 429 cost far fewer than 60 calls", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 429 });
    const kinde = createKinde({ logger: false });
    for (let i = 0; i < 20; i += 1) await rejectionOf(kinde.verify(junk(i)));
    expect(fake.calls.verify).toBeLessThanOrEqual(5);
  });

  it("10,000 junk keys do not evict a valid key", { timeout: 30_000 }, async () => {
    const { key } = fake.addKey();
    // In process (no MSW): 10,000 calls stay quick.
    const kinde = createKinde({ verifyBudget: false, fetch: fake.fetch });
    expect((await kinde.verify(key)).valid).toBe(true);
    for (let i = 0; i < 10_000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => kinde.verify(junk(i + j))));
    }
    const before = fake.calls.verify;
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(before);
  });
});

describe("keyPattern", () => {
  it("refuses a key of another shape as invalid without calling Kinde", async () => {
    const kinde = createKinde({ keyPattern: KINDE_API_KEY_PATTERN });
    expect(await kinde.verify("sk_test_0123456789abcdef")).toEqual({
      valid: false,
      reason: "invalid",
    });
    expect(fake.calls.total).toBe(0);
    const { key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
  });

  it("takes a list of prefixes", async () => {
    const kinde = createKinde({ keyPattern: ["kinde_", "k_live_"] });
    expect((await kinde.verify("other_0123")).valid).toBe(false);
    expect(fake.calls.total).toBe(0);
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
  });

  it("KINDE_API_KEY_PATTERN accepts both documented prefixes", () => {
    expect(KINDE_API_KEY_PATTERN.test("k_live_0123456789abcdef0123456789abcdef")).toBe(true);
    expect(KINDE_API_KEY_PATTERN.test("kinde_0123456789abcdefABCDEF")).toBe(true);
    expect(KINDE_API_KEY_PATTERN.test("k_live_")).toBe(false);
    expect(KINDE_API_KEY_PATTERN.test("Bearer k_live_abc")).toBe(false);
  });
});
