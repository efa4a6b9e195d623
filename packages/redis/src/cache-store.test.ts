import { describe, expect, it } from "vitest";
import { CLIENTS, connect, connectToNothing, uniquePrefix } from "../test/helpers.ts";
import { DEFAULT_CACHE_PREFIX, redisCacheStore } from "./cache-store.ts";

describe.each(CLIENTS)("redisCacheStore with $name", ({ connect: open }) => {
  it("stores, reads back and deletes entries under the prefix", async () => {
    const redis = await open();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });
    const raw = await connect();

    expect(await store.get("hash-a")).toBeNull();
    await store.set("hash-a", "sealed-a", 30_000);
    await store.set("hash-b", "sealed-b", 5_000);
    expect(await store.get("hash-a")).toBe("sealed-a");
    expect(await store.get("hash-b")).toBe("sealed-b");
    expect(await raw.get(`${prefix}hash-a`)).toBe("sealed-a");

    await store.delete("hash-a", 10_000);
    expect(await store.get("hash-a")).toBeNull();
    expect(await store.get("hash-b")).toBe("sealed-b");
  });

  it("refuses writes while a tombstone lives, and accepts them once it expired", async () => {
    const store = redisCacheStore(await open(), { prefix: uniquePrefix() });
    await store.delete("hash", 1_000);
    await store.set("hash", "late answer", 30_000);
    expect(await store.get("hash")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await store.set("hash", "fresh answer", 30_000);
    expect(await store.get("hash")).toBe("fresh answer");
  });

  it("indexes entries by key id: deleteKeyId drops them all and refuses writes for the id", async () => {
    const redis = await open();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });
    await store.set("old-secret", "a", 30_000, "id-1");
    await store.set("new-secret", "b", 30_000, "id-1");
    await store.set("other-key", "c", 30_000, "id-2");
    await store.set("refusal", "d", 5_000);

    await store.deleteKeyId("id-1", 10_000);
    expect(await store.get("old-secret")).toBeNull();
    expect(await store.get("new-secret")).toBeNull();
    expect(await store.get("other-key")).toBe("c");
    expect(await store.get("refusal")).toBe("d");
    expect(await (await connect()).exists(`${prefix}i:id-1`)).toBe(0);

    // A pre-revocation answer for the id lands afterwards: refused, whatever its entry name.
    await store.set("old-secret", "a", 30_000, "id-1");
    await store.set("third-secret", "e", 30_000, "id-1");
    expect(await store.get("old-secret")).toBeNull();
    expect(await store.get("third-secret")).toBeNull();
    await store.set("other-key", "c2", 30_000, "id-2");
    expect(await store.get("other-key")).toBe("c2");
  });

  it("lets Redis expire entries after their TTL (PX), and keeps the index as long as its entries", async () => {
    const prefix = uniquePrefix();
    const store = redisCacheStore(await open(), { prefix });
    const raw = await connect();
    await store.set("short", "s", 80);
    await store.set("long", "l", 30_000, "id");
    const pttl = await raw.pttl(`${prefix}long`);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    expect(await raw.pttl(`${prefix}i:id`)).toBeGreaterThan(29_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.get("short")).toBeNull();
  });

  it("rounds a fractional or zero TTL to a valid PX", async () => {
    const prefix = uniquePrefix();
    const store = redisCacheStore(await open(), { prefix });
    await store.set("zero", "z", 0);
    await store.set("fraction", "f", 60_000.4);
    const raw = await connect();
    const pttl = await raw.pttl(`${prefix}fraction`);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_001);
    // PX 1: gone, or about to be (-2 once Redis expired it).
    expect(await raw.pttl(`${prefix}zero`)).toBeLessThanOrEqual(1);
  });

  it("reloads its scripts after the server forgot them (restart, failover)", async () => {
    const store = redisCacheStore(await open(), { prefix: uniquePrefix() });
    await store.set("before", "1", 30_000);
    await (await connect()).script("FLUSH");
    await store.set("after", "2", 30_000);
    expect(await store.get("after")).toBe("2");
  });
});

describe("redisCacheStore", () => {
  it("uses kinde-keys:verify: when no prefix is given", async () => {
    const redis = await connect();
    const hash = uniquePrefix();
    await redisCacheStore(redis).set(hash, "v", 1_000);
    expect(DEFAULT_CACHE_PREFIX).toBe("kinde-keys:verify:");
    expect(await redis.exists(`kinde-keys:verify:${hash}`)).toBe(1);
  });

  it("refuses a client that is neither ioredis nor node-redis", () => {
    expect(() => redisCacheStore({} as never)).toThrow(TypeError);
  });

  it("propagates Redis errors instead of answering a miss", async () => {
    const store = redisCacheStore(connectToNothing());
    await expect(store.get("hash")).rejects.toThrow();
    await expect(store.set("hash", "v", 1_000)).rejects.toThrow();
    await expect(store.delete("hash", 1_000)).rejects.toThrow();
    await expect(store.deleteKeyId("id", 1_000)).rejects.toThrow();
  });
});
