import { describe, expect, it } from "vitest";
import { CLIENTS, connect, connectToNothing, uniquePrefix } from "../test/helpers.ts";
import { DEFAULT_RATE_LIMIT_PREFIX, redisRateLimitStore } from "./rate-limit-store.ts";

describe.each(CLIENTS)("redisRateLimitStore with $name", ({ connect: open }) => {
  it("counts a key's requests in its window and refuses past the limit", async () => {
    const store = redisRateLimitStore(await open(), { prefix: uniquePrefix() });

    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await store.consume("key-a", 3, 60_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    for (const decision of decisions) {
      expect(decision.resetMs).toBeGreaterThan(59_000);
      expect(decision.resetMs).toBeLessThanOrEqual(60_000);
    }
    // Another key has its own budget.
    expect(await store.consume("key-b", 3, 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("peeks at a window without counting", async () => {
    const store = redisRateLimitStore(await open(), { prefix: uniquePrefix() });
    expect(store.peek).toBeDefined();
    const fresh = await store.peek?.("key", 2, 60_000);
    expect(fresh).toEqual({ allowed: true, remaining: 2, resetMs: 60_000 });
    await store.consume("key", 2, 60_000);
    expect(await store.peek?.("key", 2, 60_000)).toMatchObject({ allowed: true, remaining: 1 });
    await store.consume("key", 2, 60_000);
    const full = await store.peek?.("key", 2, 60_000);
    expect(full).toMatchObject({ allowed: false, remaining: 0 });
    expect(full?.resetMs).toBeGreaterThan(59_000);
    expect(await store.peek?.("key", 2, 60_000)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it("starts a new window once the old one expired in Redis", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const store = redisRateLimitStore(await open(), { prefix });
    expect((await store.consume("key", 1, 1_000)).allowed).toBe(true);
    expect((await store.consume("key", 1, 1_000)).allowed).toBe(false);
    const pttl = await redis.pttl(`${prefix}key`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_000);
    await new Promise((resolve) => setTimeout(resolve, pttl + 50));
    expect(await store.consume("key", 1, 1_000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("rounds a window up to whole seconds", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    await redisRateLimitStore(await open(), { prefix }).consume("key", 5, 1_500);
    expect(await redis.pttl(`${prefix}key`)).toBeGreaterThan(1_500);
  });

  it("keeps different (limit, window) pairs apart when core's keys say so", async () => {
    const store = redisRateLimitStore(await open(), { prefix: uniquePrefix() });
    expect((await store.consume("p:1:60000:k", 1, 60_000)).allowed).toBe(true);
    expect((await store.consume("p:1:60000:k", 1, 60_000)).allowed).toBe(false);
    expect((await store.consume("p:2:60000:k", 2, 60_000)).allowed).toBe(true);
  });

  it("is atomic: two instances sharing a limit of 5 let exactly 5 of 200 concurrent requests through", async () => {
    const [a, b] = [await open(), await open()];
    const prefix = uniquePrefix();
    const stores = [redisRateLimitStore(a, { prefix }), redisRateLimitStore(b, { prefix })];
    const decisions = await Promise.all(
      Array.from({ length: 200 }, (_, i) => stores[i % 2]?.consume("shared", 5, 60_000)),
    );
    expect(decisions.filter((d) => d?.allowed)).toHaveLength(5);
    expect(new Set(decisions.filter((d) => d?.allowed).map((d) => d?.remaining))).toEqual(
      new Set([0, 1, 2, 3, 4]),
    );
  });
});

describe("redisRateLimitStore", () => {
  it("uses kinde-keys:rate-limit: when no prefix is given", async () => {
    const redis = await connect();
    const key = uniquePrefix();
    await redisRateLimitStore(redis).consume(key, 1, 1_000);
    expect(DEFAULT_RATE_LIMIT_PREFIX).toBe("kinde-keys:rate-limit:");
    expect(await redis.exists(`kinde-keys:rate-limit:${key}`)).toBe(1);
  });

  it("propagates Redis errors instead of deciding", async () => {
    const store = redisRateLimitStore(connectToNothing());
    await expect(store.consume("key", 5, 60_000)).rejects.toThrow(Error);
    await expect(store.peek?.("key", 5, 60_000)).rejects.toThrow(Error);
  });
});
