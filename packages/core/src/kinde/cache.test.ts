/**
 * The verification cache and request coalescing (DESIGN §2): one Kinde call per key per window,
 * shared by concurrent callers; positive and negative TTLs; `cache: false`; `invalidate()`; an LRU
 * bound; stores keyed by the key's SHA-256; a broken store that never breaks verification.
 */
import { createHash } from "node:crypto";
import { http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { captureLogger, rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { VerifyResult } from "../types.ts";
import { type CacheStore, memoryCacheStore } from "./cache.ts";

const { fake, server, createKinde } = setupFakeKinde();

const UNKNOWN = "k_live_ffffffffffffffffffffffffffffffff";
const T0 = 1_700_000_000_000;

describe("coalescing", () => {
  it("50 concurrent verifies of one key make one Kinde call", async () => {
    const kinde = createKinde();
    const { key } = fake.addKey({ orgCode: "org_a" });
    const results = await Promise.all(Array.from({ length: 50 }, () => kinde.verify(key)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]?.valid).toBe(true);
    expect(fake.calls).toMatchObject({ token: 1, verify: 1 });
  });

  it("shares a call even with the cache off, and for unknown keys", async () => {
    const kinde = createKinde({ cache: false });
    const results = await Promise.all(Array.from({ length: 10 }, () => kinde.verify(UNKNOWN)));
    expect(results).toEqual(
      Array.from({ length: 10 }, () => ({ valid: false, reason: "invalid" })),
    );
    expect(fake.calls.verify).toBe(1);
  });

  it("shares a failure too, and does not keep it", async () => {
    const kinde = createKinde({ retry: { limit: 0 } });
    const { key } = fake.addKey();
    fake.inject({ endpoint: "verify", type: "status", status: 500, times: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => kinde.verify(key)));
    expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);
    expect(fake.calls.verify).toBe(1);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(2);
  });
});

describe("time to live", () => {
  it("a revocation becomes visible once the positive TTL ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const kinde = createKinde({ cache: { ttlMs: 30_000 } });
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    fake.revokeKey(id);
    vi.advanceTimersByTime(29_999);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    expect(fake.calls.verify).toBe(2);
  });

  it("the default positive TTL is 30 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const kinde = createKinde();
    const { key } = fake.addKey();
    await kinde.verify(key);
    vi.advanceTimersByTime(29_000);
    await kinde.verify(key);
    expect(fake.calls.verify).toBe(1);
    vi.advanceTimersByTime(1_000);
    await kinde.verify(key);
    expect(fake.calls.verify).toBe(2);
  });

  it("a refusal is remembered for the negative TTL (default 5 s), then asked again", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const kinde = createKinde();
    expect((await kinde.verify(UNKNOWN)).valid).toBe(false);
    fake.addKey({ key: UNKNOWN });
    vi.advanceTimersByTime(4_999);
    expect((await kinde.verify(UNKNOWN)).valid).toBe(false);
    expect(fake.calls.verify).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await kinde.verify(UNKNOWN)).valid).toBe(true);
    expect(fake.calls.verify).toBe(2);
  });

  it("revoked keys use the negative TTL", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const kinde = createKinde({ cache: { ttlMs: 60_000, negativeTtlMs: 1_000 } });
    const { id, key } = fake.addKey({ status: "revoked" });
    await kinde.verify(key);
    fake.setKeyStatus(id, "active");
    vi.advanceTimersByTime(1_000);
    expect((await kinde.verify(key)).valid).toBe(true);
  });

  it("cache: false asks Kinde every time", async () => {
    const kinde = createKinde({ cache: false });
    const { key } = fake.addKey();
    for (let i = 0; i < 3; i += 1) await kinde.verify(key);
    expect(fake.calls.verify).toBe(3);
  });

  it("missing and malformed keys never reach the store", async () => {
    const touched: string[] = [];
    const store: CacheStore = {
      get: (hash) => void touched.push(`get ${hash}`),
      set: (hash) => void touched.push(`set ${hash}`),
      delete: (hash) => void touched.push(`delete ${hash}`),
      deleteKeyId: (name) => void touched.push(`delete key id ${name}`),
    };
    const kinde = createKinde({ cache: { store } });
    await kinde.verify("");
    await kinde.verify("not a key");
    await kinde.invalidate("not a key");
    expect(touched).toEqual([]);
  });
});

describe("invalidate()", () => {
  it("drops a cached result at once", async () => {
    const kinde = createKinde();
    const { id, key } = fake.addKey();
    await kinde.verify(key);
    fake.revokeKey(id);
    await kinde.invalidate(key);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    expect(fake.calls.verify).toBe(2);
  });

  it("leaves other keys cached", async () => {
    const kinde = createKinde();
    const a = fake.addKey();
    const b = fake.addKey();
    await kinde.verify(a.key);
    await kinde.verify(b.key);
    await kinde.invalidate(a.key);
    await kinde.verify(b.key);
    expect(fake.calls.verify).toBe(2);
  });

  it("detaches an in-flight call so the next verify asks again", async () => {
    fake.setLatency(30);
    const kinde = createKinde();
    const { id, key } = fake.addKey();
    const first = kinde.verify(key);
    await kinde.invalidate(key);
    fake.revokeKey(id);
    const second = kinde.verify(key);
    await first;
    expect(await second).toEqual({ valid: false, reason: "revoked" });
    expect(fake.calls.verify).toBe(2);
  });

  it("an answer still in flight when invalidate() runs is not cached", async () => {
    const kinde = createKinde();
    const { id, key } = fake.addKey();
    // Kinde answers "valid" before the revocation, but the answer arrives after invalidate().
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post(
        `${fake.origin}/api/v1/api_keys/verify`,
        async ({ request }) => {
          const answer = await fake.fetch(request);
          await arrived;
          return answer;
        },
        { once: true },
      ),
    );
    const stale = kinde.verify(key);
    await vi.waitFor(() => expect(fake.calls.verify).toBe(1));
    fake.revokeKey(id);
    await kinde.invalidate(key);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    release();
    expect((await stale).valid).toBe(true);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    // While the invalidation's tombstone lives no answer for the key is cached, not even this one.
    expect(fake.calls.verify).toBe(3);
  });

  it("is a no-op with the cache off", async () => {
    const kinde = createKinde({ cache: false });
    await expect(kinde.invalidate(UNKNOWN)).resolves.toBeUndefined();
  });
});

describe("the LRU bound", () => {
  it("memoryCacheStore never holds more than maxEntries", () => {
    const store = memoryCacheStore({ maxEntries: 10 });
    const value: VerifyResult = { valid: false, reason: "invalid" };
    for (let i = 0; i < 100; i += 1) store.set(`k${i}`, value, 60_000);
    let held = 0;
    for (let i = 0; i < 100; i += 1) if (store.get(`k${i}`)) held += 1;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(10);
    expect(store.get("k99")).toEqual(value);
  });

  it("through a client: the least recently used key is evicted, a recently used one kept", async () => {
    const kinde = createKinde({ cache: { maxEntries: 2 } });
    const [a, b, c] = [fake.addKey().key, fake.addKey().key, fake.addKey().key];
    await kinde.verify(a);
    await kinde.verify(b);
    await kinde.verify(a); // a is now the most recently used
    await kinde.verify(c);
    expect(fake.calls.verify).toBe(3);
    await kinde.verify(a); // kept: it was used after b
    expect(fake.calls.verify).toBe(3);
    await kinde.verify(b); // evicted when c arrived: asks Kinde again
    expect(fake.calls.verify).toBe(4);
  });

  it("expires entries by their own TTL", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const store = memoryCacheStore();
    store.set("short", { valid: false, reason: "invalid" }, 100);
    store.set("long", { valid: false, reason: "revoked" }, 1_000);
    vi.advanceTimersByTime(100);
    expect(store.get("short")).toBeUndefined();
    expect(store.get("long")).toEqual({ valid: false, reason: "revoked" });
  });
});

describe("a caller's AbortSignal", () => {
  it("one caller aborting does not cancel the shared call for the others", async () => {
    fake.setLatency(50);
    const kinde = createKinde();
    const { key } = fake.addKey();
    const controller = new AbortController();
    const reason = new Error("client went away");
    const aborted = kinde.verify(key, { signal: controller.signal });
    const others = [kinde.verify(key), kinde.verify(key, { signal: new AbortController().signal })];
    controller.abort(reason);
    expect(await rejectionOf(aborted)).toBe(reason);
    for (const result of await Promise.all(others)) expect(result.valid).toBe(true);
    expect(fake.calls.verify).toBe(1);
  });

  it("the result of an abandoned call is still cached for later callers", async () => {
    fake.setLatency(20);
    const kinde = createKinde();
    const { key } = fake.addKey();
    const controller = new AbortController();
    const abandoned = kinde.verify(key, { signal: controller.signal });
    controller.abort();
    await rejectionOf(abandoned);
    await vi.waitFor(async () => expect((await kinde.verify(key)).valid).toBe(true));
    expect(fake.calls.verify).toBe(1);
  });

  it("an already-aborted signal rejects at once without calling Kinde", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    const error = await rejectionOf(createKinde().verify(UNKNOWN, { signal: controller.signal }));
    expect(error).toEqual(new Error("gone"));
    expect(fake.calls.total).toBe(0);
  });
});

describe("pluggable stores", () => {
  /** An asynchronous store over a Map, like a Redis store. */
  function mapStore(): CacheStore & { entries: Map<string, string> } {
    const entries = new Map<string, string>();
    return {
      entries,
      get: async (hash) => entries.get(hash),
      set: async (hash, value) => void entries.set(hash, value),
      delete: async (hash) => void entries.delete(hash),
      deleteKeyId: async () => {},
    };
  }

  it("an asynchronous store answers later calls, keyed by one SHA-256 of namespace and key", async () => {
    const store = mapStore();
    const kinde = createKinde({ cache: { store } });
    const { key } = fake.addKey();
    await kinde.verify(key);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(1);
    const namespace = `${fake.origin}\n${fake.clientId}\n`;
    expect([...store.entries.keys()]).toEqual([
      createHash("sha256")
        .update(namespace + key)
        .digest("base64url"),
    ]);
    // What the store holds is sealed text, not a result it could rewrite.
    expect([...store.entries.values()][0]).toMatch(/^[\w-]{43}\.\d+\.\{"is_valid":true,/);
    await kinde.invalidate(key);
    expect(store.entries.size).toBe(0);
  });

  it("two clients of different Kinde applications sharing one memory store never meet", async () => {
    const store = memoryCacheStore();
    const { key } = fake.addKey();
    expect((await createKinde({ cache: { store } }).verify(key)).valid).toBe(true);
    const before = fake.calls.total;
    const other = createKinde({ cache: { store }, clientId: "another_m2m_application" });
    await other.verify(key).catch(() => undefined);
    // Not answered from the first client's entry: the other client had to ask Kinde.
    expect(fake.calls.total).toBeGreaterThan(before);
  });

  it("a store that throws: verification still works and the outage is logged once", async () => {
    const { logger, lines } = captureLogger();
    const store: CacheStore = {
      get() {
        throw new Error("cache down");
      },
      set() {
        throw new Error("cache down");
      },
      delete() {
        throw new Error("cache down");
      },
      deleteKeyId() {
        throw new Error("cache down");
      },
    };
    const kinde = createKinde({ logger, cache: { store } });
    const { key } = fake.addKey();
    for (let i = 0; i < 3; i += 1) expect((await kinde.verify(key)).valid).toBe(true);
    await kinde.invalidate(key);
    expect(fake.calls.verify).toBe(3);
    expect(lines).toEqual([
      {
        level: "warn",
        obj: { err: "Error: cache down" },
        msg: "kinde-keys: cache store unavailable; verifying with Kinde until it recovers",
      },
    ]);
  });

  it("a store that rejects: the same, and recovery is logged", async () => {
    const { logger, lines } = captureLogger();
    const healthy = mapStore();
    let down = true;
    const store: CacheStore = {
      get: (hash) => (down ? Promise.reject(new Error("timeout")) : healthy.get(hash)),
      set: (hash, value, ttl) =>
        down ? Promise.reject(new Error("timeout")) : healthy.set(hash, value, ttl),
      delete: (hash) => healthy.delete(hash, 0),
      deleteKeyId: (name) => healthy.deleteKeyId(name, 0),
    };
    const kinde = createKinde({ logger, cache: { store } });
    const { key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    expect((await kinde.verify(key)).valid).toBe(true);
    down = false;
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(lines.map((line) => line.level)).toEqual(["warn", "info"]);
    expect(lines[1]?.msg).toBe("kinde-keys: cache store recovered");
  });
});
