/**
 * What the Redis stores are for: several SDK instances (here two `createKindeKeys` clients, each
 * with its own Redis connection, as two servers would have) sharing one verification cache and one
 * rate limit, against the fake Kinde over MSW and a real redis-server.
 */
import { createHash } from "node:crypto";
import { authorize, createKindeKeys, type Logger } from "@acme/kinde-keys-core";
import { createAuthorizer } from "@acme/kinde-keys-core/adapter";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { startRedisServer } from "@internal/harness/redis-server";
import { Redis } from "ioredis";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { redisCacheStore, redisRateLimitStore } from "../src/index.ts";
import { connect, connectToNothing, FAST_FAIL, uniquePrefix } from "./helpers.ts";

const fake = createFakeKinde({ domain: "fake-kinde.test" });
const server = setupServer(...fake.handlers);
const rawKeys: string[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => fake.resetCalls());
afterAll(() => server.close());

function newKey(seed: Parameters<typeof fake.addKey>[0] = {}): string {
  const { key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"], ...seed });
  rawKeys.push(key);
  return key;
}

function instance(options: Partial<Parameters<typeof createKindeKeys>[0]> = {}) {
  // A deadline far above any Redis answer on a busy CI machine: these tests are about sharing and
  // outages, not about the deadline (trust.test.ts is).
  return createKindeKeys(fake.clientConfig({ storeTimeoutMs: 5_000, ...options }));
}

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

describe("a fleet sharing Redis", () => {
  it("asks Kinde once per key for two instances sharing the cache", async () => {
    const prefix = uniquePrefix();
    const a = instance({ cache: { store: redisCacheStore(await connect(), { prefix }) } });
    const b = instance({ cache: { store: redisCacheStore(await connect(), { prefix }) } });
    const key = newKey();

    expect(await a.verify(key)).toMatchObject({ valid: true });
    const fromB = await Promise.all(Array.from({ length: 20 }, () => b.verify(key)));
    expect(fromB.every((result) => result.valid)).toBe(true);
    expect(await a.verify(key)).toMatchObject({ valid: true });
    expect(fake.calls.verify).toBe(1);

    // A refusal is shared too, for its shorter TTL.
    const unknown = `k_live_${"0".repeat(32)}`;
    rawKeys.push(unknown);
    expect(await a.verify(unknown)).toEqual({ valid: false, reason: "invalid" });
    expect(await b.verify(unknown)).toEqual({ valid: false, reason: "invalid" });
    expect(fake.calls.verify).toBe(2);

    // invalidate() on one instance drops the shared entry for all.
    await b.invalidate(key);
    expect(await a.verify(key)).toMatchObject({ valid: true });
    expect(fake.calls.verify).toBe(3);
  });

  it("lets exactly 5 of 60 concurrent requests through a limit of 5 shared by two instances", async () => {
    const cachePrefix = uniquePrefix();
    const limitPrefix = uniquePrefix();
    const authorizers = await Promise.all(
      [0, 1].map(async () => {
        const redis = await connect();
        return createAuthorizer(
          instance({ cache: { store: redisCacheStore(redis, { prefix: cachePrefix }) } }),
          {
            rateLimit: {
              limit: 5,
              windowMs: 60_000,
              store: redisRateLimitStore(redis, { prefix: limitPrefix }),
            },
          },
        );
      }),
    );
    const key = newKey();
    const headers = { authorization: `Bearer ${key}` };

    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (authorizers[i % 2] ?? authorizers[0])?.({ headers })),
    );
    const passed = results.filter((result) => result?.ok);
    expect(passed).toHaveLength(5);
    expect(results.filter((result) => !result?.ok && result?.status === 429)).toHaveLength(55);
    // Each instance coalesces its own concurrent misses: at most one Kinde call per instance.
    expect(fake.calls.verify).toBeLessThanOrEqual(2);
  });

  it("never writes a raw API key to Redis, as a key or a value", async () => {
    // Runs after the tests above have filled the server (and, in parallel, the other files).
    const redis = await connect();
    const names = await redis.keys("*");
    expect(names.length).toBeGreaterThan(0);
    const values = await Promise.all(
      names.map(async (name) =>
        (await redis.type(name)) === "string" ? await redis.get(name) : "",
      ),
    );
    expect(rawKeys.length).toBeGreaterThan(0);
    for (const raw of rawKeys) {
      for (const name of names) expect(name).not.toContain(raw);
      for (const value of values) expect(value ?? "").not.toContain(raw);
    }
    // Cache entries are named by one SHA-256 of the client's namespace and the key.
    const digest = createHash("sha256")
      .update(`${fake.origin}\n${fake.clientId}\n${rawKeys[0] ?? ""}`)
      .digest("base64url");
    expect(names.some((name) => name.endsWith(`:${digest}`))).toBe(true);
  });
});

describe("when Redis is down", () => {
  it("keeps verifying through Kinde and logs the outage once", async () => {
    const logger = spyLogger();
    const kinde = instance({ logger, cache: { store: redisCacheStore(connectToNothing()) } });
    const key = newKey();

    for (let i = 0; i < 5; i++) expect(await kinde.verify(key)).toMatchObject({ valid: true });
    const burst = await Promise.all(Array.from({ length: 10 }, () => kinde.verify(newKey())));
    expect(burst.every((result) => result.valid)).toBe(true);

    expect(fake.calls.verify).toBe(15);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[1]).toMatch(/cache store unavailable/);
    for (const raw of rawKeys) expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(raw);
  });

  it("logs once when a live server dies, and notes its recovery", async () => {
    const redisServer = await startRedisServer();
    const redis = new Redis(redisServer.url, {
      ...FAST_FAIL,
      lazyConnect: true,
      retryStrategy: () => 50,
    });
    redis.on("error", () => {});
    try {
      await redis.connect();
      const logger = spyLogger();
      const kinde = instance({ logger, cache: { store: redisCacheStore(redis) } });
      const cached = newKey();
      await kinde.verify(cached);
      await kinde.verify(cached);
      expect(fake.calls.verify).toBe(1);

      await redisServer.stop();
      for (let i = 0; i < 5; i++) expect(await kinde.verify(cached)).toMatchObject({ valid: true });
      expect(await kinde.verify(newKey())).toMatchObject({ valid: true });
      expect(fake.calls.verify).toBe(7);
      expect(logger.warn).toHaveBeenCalledTimes(1);

      const restarted = await startRedisServer(redisServer.port);
      try {
        await vi.waitFor(() => expect(redis.status).toBe("ready"), { timeout: 5_000 });
        expect(await kinde.verify(cached)).toMatchObject({ valid: true });
        expect(logger.info).toHaveBeenCalledWith({}, expect.stringMatching(/recovered/));
        expect(logger.warn).toHaveBeenCalledTimes(1);
      } finally {
        await restarted.stop();
      }
    } finally {
      redis.disconnect();
      await redisServer.stop();
    }
  });

  it("answers 503 for rate-limited routes by default, and lets keys through with onStoreError: allow", async () => {
    const kinde = instance();
    const store = redisRateLimitStore(connectToNothing());
    const key = newKey();
    const headers = { authorization: `Bearer ${key}` };

    const denied = await authorize(
      kinde,
      { headers },
      { rateLimit: { limit: 5, windowMs: 60_000, store } },
    );
    expect(denied).toMatchObject({
      ok: false,
      status: 503,
      body: { code: "VERIFICATION_UNAVAILABLE" },
    });

    const allowed = await authorize(
      kinde,
      { headers },
      { rateLimit: { limit: 5, windowMs: 60_000, store, onStoreError: "allow" } },
    );
    expect(allowed).toMatchObject({ ok: true, key: { orgCode: "org_acme" } });
  });
});
