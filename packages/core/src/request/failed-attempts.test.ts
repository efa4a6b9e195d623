/**
 * `failedAttempts`: refusals counted per client; over the limit, 429 `TOO_MANY_FAILED_ATTEMPTS`
 * with `Retry-After` before any call to Kinde, unless the key is cached as valid. Off without
 * `clientKey`; a failing store lets requests through and is logged once.
 */
import { describe, expect, it, vi } from "vitest";
import { bearer, captureLogger, setupFakeKinde } from "../../test/helpers.ts";
import type { AuthorizeResult } from "./authorize.ts";
import { createAuthorizer } from "./authorize.ts";
import { memoryRateLimitStore, type RateLimitStore } from "./rate-limit.ts";

const { fake, createKinde } = setupFakeKinde();

const UNKNOWN = (n: number) => `k_live_unknown_${n}_0123456789`;
const fromClient = (ip: string, headers: Headers | Record<string, string>) => ({
  headers,
  context: { ip },
});
const failedAttempts = {
  limit: 2,
  windowMs: 10_000,
  clientKey: (context: { ip: string }) => context.ip,
};

function codeOf(result: AuthorizeResult): string {
  return result.ok ? "PASS" : result.body.code;
}

describe("over the limit", () => {
  it("refuses with 429 and Retry-After before calling Kinde; other clients are unaffected", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const authorize = createAuthorizer(createKinde(), { failedAttempts });
    expect(codeOf(await authorize(fromClient("1.1.1.1", bearer(UNKNOWN(1)))))).toBe("INVALID_KEY");
    vi.advanceTimersByTime(3_000);
    expect(codeOf(await authorize(fromClient("1.1.1.1", bearer(UNKNOWN(2)))))).toBe("INVALID_KEY");
    const calls = fake.calls.verify;
    const blocked = await authorize(fromClient("1.1.1.1", bearer(UNKNOWN(3))));
    expect(blocked).toMatchObject({
      ok: false,
      status: 429,
      headers: { "retry-after": "7" },
      body: { code: "TOO_MANY_FAILED_ATTEMPTS" },
    });
    expect(blocked.headers["www-authenticate"]).toBeUndefined();
    expect(fake.calls.verify).toBe(calls);
    expect(codeOf(await authorize(fromClient("2.2.2.2", bearer(UNKNOWN(4)))))).toBe("INVALID_KEY");
    vi.advanceTimersByTime(7_000);
    expect(codeOf(await authorize(fromClient("1.1.1.1", bearer(UNKNOWN(5)))))).toBe("INVALID_KEY");
  });

  it("still serves a key cached as valid, but not a valid key the cache does not know", async () => {
    const known = fake.addKey({ orgCode: "org_acme" });
    const fresh = fake.addKey({ orgCode: "org_acme" });
    const authorize = createAuthorizer(createKinde(), { failedAttempts });
    expect(codeOf(await authorize(fromClient("nat", bearer(known.key))))).toBe("PASS");
    await authorize(fromClient("nat", bearer(UNKNOWN(1))));
    await authorize(fromClient("nat", bearer(UNKNOWN(2))));
    expect(codeOf(await authorize(fromClient("nat", bearer(known.key))))).toBe("PASS");
    expect(codeOf(await authorize(fromClient("nat", bearer(fresh.key))))).toBe(
      "TOO_MANY_FAILED_ATTEMPTS",
    );
  });

  it("counts malformed credentials, not missing ones, nor revoked keys", async () => {
    const revoked = fake.addKey();
    fake.revokeKey(revoked.id);
    const authorize = createAuthorizer(createKinde(), { failedAttempts });
    for (let i = 0; i < 3; i++) {
      expect(codeOf(await authorize(fromClient("a", {})))).toBe("MISSING_KEY");
      expect(codeOf(await authorize(fromClient("a", bearer(revoked.key))))).toBe("KEY_REVOKED");
    }
    expect(codeOf(await authorize(fromClient("a", bearer(UNKNOWN(1)))))).toBe("INVALID_KEY");
    expect(codeOf(await authorize(fromClient("a", { authorization: "Basic x" })))).toBe(
      "INVALID_REQUEST",
    );
    expect(codeOf(await authorize(fromClient("a", bearer(UNKNOWN(2)))))).toBe(
      "TOO_MANY_FAILED_ATTEMPTS",
    );
  });

  it("an async clientKey is awaited; one answering nothing leaves the request unthrottled", async () => {
    const authorize = createAuthorizer(createKinde(), {
      failedAttempts: {
        ...failedAttempts,
        clientKey: async (context: { ip: string }) => (context.ip === "-" ? undefined : context.ip),
      },
    });
    for (let i = 0; i < 2; i++) await authorize(fromClient("x", bearer(UNKNOWN(i))));
    expect(codeOf(await authorize(fromClient("x", bearer(UNKNOWN(9)))))).toBe(
      "TOO_MANY_FAILED_ATTEMPTS",
    );
    for (let i = 0; i < 4; i++) {
      expect(codeOf(await authorize(fromClient("-", bearer(UNKNOWN(i)))))).toBe("INVALID_KEY");
    }
  });
});

describe("the option", () => {
  it("is off without clientKey", async () => {
    const authorize = createAuthorizer(createKinde(), {
      failedAttempts: { limit: 1, windowMs: 1000 },
    });
    for (let i = 0; i < 3; i++) {
      expect(codeOf(await authorize(fromClient("x", bearer(UNKNOWN(i)))))).toBe("INVALID_KEY");
    }
  });

  it.each([
    [{ ...failedAttempts, limit: 0 }],
    [{ ...failedAttempts, limit: "2" }],
    [{ ...failedAttempts, windowMs: Number.NaN }],
    [{ ...failedAttempts, clientKey: "ip" }],
    [
      {
        ...failedAttempts,
        store: { consume: () => ({ allowed: true, remaining: 1, resetMs: 1 }) },
      },
    ],
  ])("is checked when the route is made (TypeError): %o", (options) => {
    expect(() => createAuthorizer(createKinde(), { failedAttempts: options as never })).toThrow(
      TypeError,
    );
  });

  it("fails open when the store fails or answers junk, and logs it once", async () => {
    const { logger, lines } = captureLogger();
    const broken: RateLimitStore = {
      consume: () => Promise.reject(new Error("redis down")),
      peek: () => ({ allowed: false, remaining: Number.NaN, resetMs: 5 }),
    };
    const authorize = createAuthorizer(createKinde({ logger }), {
      failedAttempts: { ...failedAttempts, store: broken },
    });
    for (let i = 0; i < 4; i++) {
      expect(codeOf(await authorize(fromClient("x", bearer(UNKNOWN(i)))))).toBe("INVALID_KEY");
    }
    expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
  });

  it("a given store is used, with peek before verifying and consume after a refusal", async () => {
    const store = memoryRateLimitStore();
    const seen: string[] = [];
    const spy: RateLimitStore = {
      consume(...args) {
        seen.push("consume");
        return store.consume(...args);
      },
      peek(...args) {
        seen.push("peek");
        return store.peek?.(...args) as never;
      },
    };
    const { key } = fake.addKey();
    const authorize = createAuthorizer(createKinde(), {
      failedAttempts: { ...failedAttempts, store: spy },
    });
    await authorize(fromClient("x", bearer(key)));
    await authorize(fromClient("x", bearer(UNKNOWN(1))));
    expect(seen).toEqual(["peek", "peek", "consume"]);
  });
});

describe("memoryRateLimitStore().peek", () => {
  it("reads the window without consuming", () => {
    const store = memoryRateLimitStore();
    expect(store.peek?.("k", 2, 1000)).toEqual({ allowed: true, remaining: 2, resetMs: 1000 });
    store.consume("k", 2, 1000);
    store.consume("k", 2, 1000);
    expect(store.peek?.("k", 2, 1000)).toMatchObject({ allowed: false, remaining: 0 });
    expect(store.peek?.("k", 2, 1000)).toMatchObject({ allowed: false, remaining: 0 });
  });
});
