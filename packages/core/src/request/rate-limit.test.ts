/**
 * Per-key rate limits through `authorize(kinde, )`: 429 `RATE_LIMITED` with `Retry-After` and the IETF
 * `RateLimit-Policy` / `RateLimit` fields, budgets per Kinde key id, windows that reset, and a
 * store failure that fails closed unless told otherwise.
 */

import { describe, expect, it, vi } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import type { AuthorizeDenial } from "./answers.ts";
import type { AuthorizeResult } from "./authorize.ts";
import { authorize, createAuthorizer } from "./authorize.ts";
import { memoryRateLimitStore, type RateLimitStore } from "./rate-limit.ts";

const { fake, createKinde } = setupFakeKinde();

const rateLimit = { limit: 2, windowMs: 10_000 };

function denied(result: AuthorizeResult): AuthorizeDenial {
  if (result.ok) throw new Error("expected a refusal, got a pass");
  return result;
}

describe("429 RATE_LIMITED", () => {
  it("refuses the request over the limit with Retry-After and RateLimit fields", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const { key } = fake.addKey();
    const authorize = createAuthorizer(createKinde(), { rateLimit });

    const first = await authorize({ headers: bearer(key) });
    expect(first.ok && first.headers).toEqual({
      "ratelimit-policy": '"per-key";q=2;w=10',
      ratelimit: '"per-key";r=1;t=10',
    });
    vi.advanceTimersByTime(3_000);
    const second = await authorize({ headers: bearer(key) });
    expect(second.ok && second.headers.ratelimit).toBe('"per-key";r=0;t=7');

    const third = denied(await authorize({ headers: bearer(key) }));
    expect(third.status).toBe(429);
    expect(third.body).toEqual({ error: "Rate limit exceeded", code: "RATE_LIMITED" });
    expect(third.headers).toMatchObject({
      "retry-after": "7",
      "ratelimit-policy": '"per-key";q=2;w=10',
      ratelimit: '"per-key";r=0;t=7',
      "content-type": "application/json; charset=utf-8",
    });
    expect(third.headers["www-authenticate"]).toBeUndefined();
  });

  it("gives two keys separate budgets", async () => {
    const a = fake.addKey();
    const b = fake.addKey();
    const authorize = createAuthorizer(createKinde(), {
      rateLimit: { limit: 1, windowMs: 60_000 },
    });
    expect((await authorize({ headers: bearer(a.key) })).ok).toBe(true);
    expect(denied(await authorize({ headers: bearer(a.key) })).status).toBe(429);
    expect((await authorize({ headers: bearer(b.key) })).ok).toBe(true);
    expect(denied(await authorize({ headers: bearer(b.key) })).status).toBe(429);
  });

  it("counts by Kinde's key id, so a rotated secret shares its key's budget", async () => {
    const { id, key } = fake.addKey();
    const authorize = createAuthorizer(createKinde(), {
      rateLimit: { limit: 1, windowMs: 60_000 },
    });
    expect((await authorize({ headers: bearer(key) })).ok).toBe(true);
    const rotated = fake.rotateKey(id);
    expect(denied(await authorize({ headers: bearer(rotated.key) })).status).toBe(429);
  });

  it("lets requests through again once the window resets", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const { key } = fake.addKey();
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    const options = { rateLimit: { limit: 1, windowMs: 1_000 } };
    expect((await authorize(kinde, { headers: bearer(key) }, options)).ok).toBe(true);
    expect(
      denied(await authorize(kinde, { headers: bearer(key) }, options)).headers["retry-after"],
    ).toBe("1");
    vi.advanceTimersByTime(999);
    expect((await authorize(kinde, { headers: bearer(key) }, options)).ok).toBe(false);
    vi.advanceTimersByTime(1);
    expect((await authorize(kinde, { headers: bearer(key) }, options)).ok).toBe(true);
  });

  it("keeps one budget per client across authorize() calls, and one per policy", async () => {
    const { key } = fake.addKey();
    const kinde = createKinde();
    const limited = { rateLimit: { limit: 1, windowMs: 60_000 } };
    expect((await authorize(kinde, { headers: bearer(key) }, limited)).ok).toBe(true);
    expect((await authorize(kinde, { headers: bearer(key) }, limited)).ok).toBe(false);
    const other = { rateLimit: { limit: 1, windowMs: 60_000, name: "ai" } };
    const result = await authorize(kinde, { headers: bearer(key) }, other);
    expect(result.ok && result.headers["ratelimit-policy"]).toBe('"ai";q=1;w=60');
  });

  it("does not spend budget on refused keys", async () => {
    const { id, key } = fake.addKey();
    const memory = memoryRateLimitStore();
    const consumed: string[] = [];
    const store: RateLimitStore = {
      consume: (id, ...rest) => {
        consumed.push(id);
        return memory.consume(id, ...rest);
      },
    };
    fake.revokeKey(id);
    const authorize = createAuthorizer(createKinde(), { rateLimit: { ...rateLimit, store } });
    expect(denied(await authorize({ headers: bearer(key) })).status).toBe(401);
    expect(consumed).toEqual([]);
  });
});

describe("a failing rate-limit store", () => {
  const broken: RateLimitStore = {
    consume() {
      throw new Error("redis down");
    },
  };

  it("fails closed with 503 by default", async () => {
    const { key } = fake.addKey();
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { rateLimit: { ...rateLimit, store: broken } },
    );
    const denial = denied(result);
    expect(denial.status).toBe(503);
    expect(denial.body.code).toBe("VERIFICATION_UNAVAILABLE");
    expect(denial.headers["retry-after"]).toBe("5");
  });

  it("lets verified keys through with onStoreError: allow", async () => {
    const { key } = fake.addKey();
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { rateLimit: { ...rateLimit, store: broken, onStoreError: "allow" } },
    );
    expect(result.ok).toBe(true);
  });

  it("handles an asynchronous store", async () => {
    const { key } = fake.addKey();
    const memory = memoryRateLimitStore();
    const store: RateLimitStore = { consume: async (...args) => memory.consume(...args) };
    const authorize = createAuthorizer(createKinde(), {
      rateLimit: { limit: 1, windowMs: 5_000, store },
    });
    expect((await authorize({ headers: bearer(key) })).ok).toBe(true);
    expect(denied(await authorize({ headers: bearer(key) })).status).toBe(429);
  });
});

describe("options are checked once, when the authorizer is created", () => {
  it.each([
    [{ limit: 0, windowMs: 1_000 }],
    [{ limit: 1.5, windowMs: 1_000 }],
    [{ limit: 1, windowMs: 999 }],
    [{ limit: 1, windowMs: Number.NaN }],
    [{ limit: 1, windowMs: 1_000, name: 'a"b' }],
  ])("%o throws a TypeError", (options) => {
    expect(() => createAuthorizer(createKinde(), { rateLimit: options })).toThrow(TypeError);
  });
});

describe("memoryRateLimitStore", () => {
  it("counts a fixed window and resets it", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 0 });
    const store = memoryRateLimitStore();
    expect(store.consume("k", 2, 1_000)).toEqual({ allowed: true, remaining: 1, resetMs: 1_000 });
    vi.advanceTimersByTime(400);
    expect(store.consume("k", 2, 1_000)).toEqual({ allowed: true, remaining: 0, resetMs: 600 });
    expect(store.consume("k", 2, 1_000)).toEqual({ allowed: false, remaining: 0, resetMs: 600 });
    vi.advanceTimersByTime(600);
    expect(store.consume("k", 2, 1_000)).toEqual({ allowed: true, remaining: 1, resetMs: 1_000 });
  });

  it("forgets the least recently used keys beyond maxKeys", () => {
    const store = memoryRateLimitStore({ maxKeys: 2 });
    store.consume("a", 1, 60_000);
    for (const key of ["b", "c", "d"]) store.consume(key, 1, 60_000);
    // "a" was pushed out, so its budget starts afresh.
    expect(store.consume("a", 1, 60_000)).toMatchObject({ allowed: true });
  });
});
