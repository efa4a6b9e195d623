/**
 * One health state machine for Kinde (issue 12 items 3 and 9, issue 13 item 4): it logs each change
 * of state once (never per request, never a secret) and acts as the circuit breaker. Times are
 * driven with a fake `Date`; calls are counted at the fake.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearer, captureLogger, rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeysError } from "../errors.ts";
import { authorize } from "../request/authorize.ts";
import type { VerifyEvent } from "../types.ts";

const { fake, createKinde } = setupFakeKinde();
const NOW = 1_700_000_000_000;

function junk(i: number): string {
  return `k_live_${i.toString(16).padStart(32, "0")}`;
}

afterEach(() => vi.restoreAllMocks());

describe("logs on each change of state", () => {
  it("healthy → failing → open → recovered, once each, whatever the traffic", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const { logger, lines } = captureLogger();
    const kinde = createKinde({ logger, retry: { limit: 0 } });
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    for (let i = 0; i < 30; i += 1) await rejectionOf(kinde.verify(junk(i)));
    fake.clearFaults();
    vi.setSystemTime(NOW + 60_000);
    expect(await kinde.verify(junk(99))).toEqual({ valid: false, reason: "invalid" });
    await kinde.verify(junk(100));
    expect(lines.map((line) => [line.level, line.obj.state])).toEqual([
      ["warn", "failing"],
      ["error", "open"],
      ["warn", "recovered"],
    ]);
    expect(lines[0]?.obj).toMatchObject({ code: "KINDE_UNAVAILABLE", status: 503 });
    expect(lines[0]?.obj.kindeCode).toBe("INTERNAL_SERVER_ERROR");
    expect(typeof lines[0]?.obj.hint).toBe("string");
  });

  it.each([
    [
      "a wrong client secret",
      () => fake.inject({ endpoint: "token", type: "status", status: 401 }),
      "KINDE_AUTH_FAILED",
      "check KINDE_MANAGEMENT_CLIENT_SECRET",
    ],
    [
      "a missing read:api_keys",
      () => fake.inject({ endpoint: "verify", type: "status", status: 403 }),
      "KINDE_AUTH_FAILED",
      "the M2M application lacks read:api_keys",
    ],
    [
      "a route not found",
      () => fake.inject({ endpoint: "verify", type: "route-not-found" }),
      "KINDE_MISCONFIGURED",
      "API keys need a Kinde plan that includes them, or the domain is wrong",
    ],
  ])("%s: one error line with its hint, and no breaker", async (_, arrange, code, hint) => {
    const { logger, lines } = captureLogger();
    const kinde = createKinde({ logger, cache: false });
    arrange();
    for (let i = 0; i < 20; i += 1) {
      expect(((await rejectionOf(kinde.verify(junk(i)))) as KindeKeysError).code).toBe(code);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", obj: { state: "failing", code, hint } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(fake.clientSecret);
    expect(text).not.toContain(junk(0));
  });

  it("writes to console when no logger is given, and not with logger: false", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    fake.inject({ endpoint: "verify", type: "status", status: 403 });
    await rejectionOf(createKinde({ logger: undefined }).verify(junk(1)));
    expect(error).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(error.mock.calls[0])).toContain("read:api_keys");
    error.mockClear();
    warn.mockClear();
    await rejectionOf(createKinde({ logger: false }).verify(junk(2)));
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("the circuit breaker", () => {
  it("after repeated failures, answers CIRCUIT_OPEN at once with no call to Kinde", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({ logger: false, retry: { limit: 0 } });
    fake.inject({ endpoint: "verify", type: "reset" });
    for (let i = 0; i < 5; i += 1) await rejectionOf(kinde.verify(junk(i)));
    const calls = fake.calls.total;
    const error = (await rejectionOf(kinde.verify(junk(50)))) as KindeKeysError;
    expect(error.code).toBe("CIRCUIT_OPEN");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(fake.calls.total).toBe(calls);
  });

  it("one probe at a time tests recovery", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({ logger: false, retry: { limit: 0 } });
    fake.inject({ endpoint: "verify", type: "status", status: 502 });
    for (let i = 0; i < 5; i += 1) await rejectionOf(kinde.verify(junk(i)));
    fake.clearFaults();
    fake.setLatency(10);
    vi.setSystemTime(NOW + 60_000);
    const calls = fake.calls.verify;
    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => kinde.verify(junk(10 + i))));
    expect(fake.calls.verify).toBe(calls + 1);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    // The probe succeeded: the breaker is closed again.
    await Promise.all([1, 2, 3].map((i) => kinde.verify(junk(20 + i))));
    expect(fake.calls.verify).toBe(calls + 4);
  });

  it("a 429 with Retry-After stops calls for that long", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({ logger: false });
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 429,
      headers: { "Retry-After": "30" },
      times: 1,
    });
    expect(((await rejectionOf(kinde.verify(junk(1)))) as KindeKeysError).status).toBe(429);
    expect(((await rejectionOf(kinde.verify(junk(2)))) as KindeKeysError).code).toBe(
      "CIRCUIT_OPEN",
    );
    expect(fake.calls.verify).toBe(1);
    vi.setSystemTime(NOW + 31_000);
    expect((await kinde.verify(junk(3))).valid).toBe(false);
  });

  it("auth failures never open it", async () => {
    const kinde = createKinde({ logger: false, cache: false });
    fake.inject({ endpoint: "verify", type: "status", status: 403, times: 10 });
    for (let i = 0; i < 10; i += 1) await rejectionOf(kinde.verify(junk(i)));
    expect((await kinde.verify(junk(11))).valid).toBe(false);
  });
});

describe("stale-if-error", () => {
  function staleClient(events: VerifyEvent[]) {
    return createKinde({
      logger: false,
      retry: { limit: 0 },
      cache: { ttlMs: 1_000, staleIfErrorMs: 60_000 },
      onVerify: (event) => events.push(event),
    });
  }

  it("accepts a key seen valid within the window while Kinde is down, marked stale", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const events: VerifyEvent[] = [];
    const kinde = staleClient(events);
    const { key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    vi.setSystemTime(NOW + 5_000);
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    const result = await kinde.verify(key);
    expect(result).toMatchObject({ valid: true, stale: true });
    expect(events.at(-1)).toMatchObject({ outcome: "valid", stale: true });
    const answer = await authorize(kinde, { headers: bearer(key) });
    expect(answer).toMatchObject({ ok: true, stale: true });
    vi.setSystemTime(NOW + 70_000);
    expect(((await rejectionOf(kinde.verify(key))) as KindeKeysError).code).toMatch(
      /KINDE_UNAVAILABLE|CIRCUIT_OPEN/,
    );
  });

  it("never after an invalidation, never for a refusal, never for an auth failure", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = staleClient([]);
    const first = fake.addKey();
    const second = fake.addKey();
    await kinde.verify(first.key);
    await kinde.verify(second.key);
    await kinde.invalidate(first.key);
    fake.revokeKey(second.id);
    vi.setSystemTime(NOW + 2_000);
    expect(await kinde.verify(second.key)).toEqual({ valid: false, reason: "revoked" });
    vi.setSystemTime(NOW + 10_000);
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    expect(((await rejectionOf(kinde.verify(first.key))) as KindeKeysError).code).toBe(
      "KINDE_UNAVAILABLE",
    );
    expect(((await rejectionOf(kinde.verify(second.key))) as KindeKeysError).code).toBe(
      "KINDE_UNAVAILABLE",
    );
    fake.clearFaults();
    const third = fake.addKey();
    await kinde.verify(third.key);
    vi.setSystemTime(NOW + 20_000);
    fake.inject({ endpoint: "verify", type: "status", status: 403 });
    expect(((await rejectionOf(kinde.verify(third.key))) as KindeKeysError).code).toBe(
      "KINDE_AUTH_FAILED",
    );
  });
  it("never after its key id was invalidated (a rotation or deletion), on this instance", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = staleClient([]);
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    await kinde.invalidateKeyId(id);
    vi.setSystemTime(NOW + 5_000);
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    expect(((await rejectionOf(kinde.verify(key))) as KindeKeysError).code).toBe(
      "KINDE_UNAVAILABLE",
    );
  });
  it("never for a call begun before its key id was invalidated, nor for a request joining it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const kinde = createKinde({
      logger: false,
      retry: { limit: 0 },
      timeoutMs: 200,
      totalTimeoutMs: 200,
      cache: { ttlMs: 1_000, staleIfErrorMs: 60_000 },
    });
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    vi.setSystemTime(NOW + 5_000);
    fake.inject({ endpoint: "verify", type: "hang" });
    const before = kinde.verify(key);
    await kinde.invalidateKeyId(id);
    const after = kinde.verify(key);
    for (const pending of [before, after]) {
      expect(((await rejectionOf(pending)) as KindeKeysError).code).toBe("KINDE_UNAVAILABLE");
    }
  });
});

describe("options", () => {
  it("breaker: false never pauses, and still logs", async () => {
    const { logger, lines } = captureLogger();
    const kinde = createKinde({ logger, breaker: false, retry: { limit: 0 } });
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    for (let i = 0; i < 10; i += 1) {
      expect(((await rejectionOf(kinde.verify(junk(i)))) as KindeKeysError).code).toBe(
        "KINDE_UNAVAILABLE",
      );
    }
    expect(fake.calls.verify).toBe(10);
    expect(lines.map((line) => line.obj.state)).toEqual(["failing"]);
  });

  it.each([
    ["verifyBudget.perSecond", { verifyBudget: { perSecond: 0 } }],
    ["verifyBudget.maxInFlight", { verifyBudget: { maxInFlight: Number.NaN } }],
    ["breaker.threshold", { breaker: { threshold: -1 } }],
    ["cache.staleIfErrorMs", { cache: { staleIfErrorMs: -5 } }],
    ["keyPattern", { keyPattern: [] as string[] }],
    ["keyPattern", { keyPattern: "k_live_" as unknown as RegExp }],
  ])("%s out of range is CONFIG_INVALID at construction", (name, options) => {
    expect(() => createKinde(options)).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining(name) }),
    );
  });
});
