/**
 * Options are checked where they enter: every number the client or a route reads (times, counts,
 * limits) must be a finite positive number, an integer where it counts something, else
 * construction fails (`CONFIG_INVALID` for the client, `TypeError` for a route). A rate-limit
 * store's answer is checked too: a decision that is not one is a store failure.
 */
import { describe, expect, it, vi } from "vitest";
import { bearer, setupFakeKinde } from "../test/helpers.ts";
import { createKindeKeys, type KindeKeysConfig } from "./client.ts";
import { KindeKeysError } from "./errors.ts";
import { authorize, createAuthorizer } from "./request/authorize.ts";
import type { RateLimitStore } from "./request/rate-limit.ts";

const { fake, createKinde } = setupFakeKinde();

const BAD_NUMBERS: unknown[] = ["50", Number.NaN, 0, -1, Number.POSITIVE_INFINITY, null, true];

function configCode(config: KindeKeysConfig): string | undefined {
  try {
    createKindeKeys(fake.clientConfig({ env: {}, ...config }));
    return undefined;
  } catch (error) {
    return error instanceof KindeKeysError ? error.code : String(error);
  }
}

describe("client options", () => {
  const settings: [string, (value: never) => KindeKeysConfig][] = [
    ["cache.ttlMs", (ttlMs) => ({ cache: { ttlMs } })],
    ["cache.negativeTtlMs", (negativeTtlMs) => ({ cache: { negativeTtlMs } })],
    ["cache.maxEntries", (maxEntries) => ({ cache: { maxEntries } })],
    ["timeoutMs", (timeoutMs) => ({ timeoutMs })],
    ["totalTimeoutMs", (totalTimeoutMs) => ({ totalTimeoutMs })],
    ["retry.maxDelayMs", (maxDelayMs) => ({ retry: { maxDelayMs } })],
  ];

  it.each(settings)("%s must be a finite positive number", (_, config) => {
    for (const value of BAD_NUMBERS) {
      expect(configCode(config(value as never)), String(value)).toBe("CONFIG_INVALID");
    }
    expect(configCode(config(1_000 as never))).toBeUndefined();
  });

  it("counts are integers: cache.maxEntries, retry.limit (which may be 0)", () => {
    expect(configCode({ cache: { maxEntries: 1.5 } })).toBe("CONFIG_INVALID");
    for (const limit of [1.5, -1, Number.NaN, "2"]) {
      expect(configCode({ retry: { limit: limit as number } }), String(limit)).toBe(
        "CONFIG_INVALID",
      );
    }
    expect(configCode({ retry: { limit: 0 } })).toBeUndefined();
  });

  it("a cached key expires after ttlMs, so a revoked key stops working", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const { id, key } = fake.addKey();
    const kinde = createKinde({ cache: { ttlMs: 50 } });
    expect((await kinde.verify(key)).valid).toBe(true);
    fake.revokeKey(id);
    vi.advanceTimersByTime(51);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });
});

describe("route options", () => {
  it.each([
    ["limit", { limit: 2.5, windowMs: 1000 }],
    ["limit", { limit: "2", windowMs: 1000 }],
    ["windowMs", { limit: 2, windowMs: Number.NaN }],
    ["windowMs", { limit: 2, windowMs: "1000" }],
  ])("rateLimit.%s is checked when the route is made (TypeError)", (_, rateLimit) => {
    expect(() => createAuthorizer(createKinde(), { rateLimit: rateLimit as never })).toThrow(
      TypeError,
    );
  });
});

describe("a rate-limit store's answer", () => {
  const answers: [string, unknown][] = [
    ["NaN reset", { allowed: false, remaining: 0, resetMs: Number.NaN }],
    ["negative reset", { allowed: false, remaining: 0, resetMs: -5 }],
    ["NaN remaining", { allowed: true, remaining: Number.NaN, resetMs: 1000 }],
    ["allowed as a string", { allowed: "true", remaining: 1, resetMs: 1000 }],
    ["not an object", "yes"],
    ["nothing", undefined],
  ];

  it.each(answers)("with %s is a store failure: 503 by default", async (_, answer) => {
    const { key } = fake.addKey();
    const store: RateLimitStore = { consume: () => answer as never };
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { rateLimit: { limit: 5, windowMs: 1000, store } },
    );
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(JSON.stringify(result.headers)).not.toContain("NaN");
  });

  it.each(answers)("with %s follows onStoreError: allow", async (_, answer) => {
    const { key } = fake.addKey();
    const store: RateLimitStore = { consume: async () => answer as never };
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { rateLimit: { limit: 5, windowMs: 1000, store, onStoreError: "allow" } },
    );
    expect(result.ok && result.headers).toEqual({});
  });
});
