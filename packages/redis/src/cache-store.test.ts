import type { VerifyResult } from "@acme/kinde-keys-core";
import { describe, expect, it } from "vitest";
import { connect, connectToNothing, uniquePrefix } from "../test/helpers.ts";
import { DEFAULT_CACHE_PREFIX, redisCacheStore } from "./cache-store.ts";

const valid: VerifyResult = {
  valid: true,
  key: {
    keyId: "api_key_0123",
    scopes: ["read:reports"],
    owner: { type: "organization", orgCode: "org_acme" },
    orgCode: "org_acme",
    userId: null,
    lastVerifiedOn: "2025-01-01T00:00:00.000Z",
    verificationCount: 3,
  },
};
const revoked: VerifyResult = { valid: false, reason: "revoked" };

describe("redisCacheStore", () => {
  it("stores, reads back and deletes results under the prefix", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });

    expect(await store.get("hash-a")).toBeUndefined();
    await store.set("hash-a", valid, 30_000);
    await store.set("hash-b", revoked, 5_000);
    expect(await store.get("hash-a")).toEqual(valid);
    expect(await store.get("hash-b")).toEqual(revoked);
    expect(await redis.exists(`${prefix}hash-a`)).toBe(1);

    await store.delete("hash-a");
    expect(await store.get("hash-a")).toBeUndefined();
    expect(await store.get("hash-b")).toEqual(revoked);
  });

  it("lets Redis expire entries after their TTL (PX)", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });

    await store.set("short", revoked, 80);
    await store.set("long", valid, 30_000);
    const pttl = await redis.pttl(`${prefix}long`);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);

    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await redis.exists(`${prefix}short`)).toBe(0);
    expect(await store.get("short")).toBeUndefined();
  });

  it("rounds a fractional or zero TTL to a valid PX", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });
    await store.set("zero", revoked, 0);
    await store.set("fraction", revoked, 1_000.4);
    expect(await redis.pttl(`${prefix}fraction`)).toBeGreaterThan(900);
  });

  it("uses kinde-keys:verify: when no prefix is given", async () => {
    const redis = await connect();
    const hash = uniquePrefix();
    await redisCacheStore(redis).set(hash, revoked, 1_000);
    expect(DEFAULT_CACHE_PREFIX).toBe("kinde-keys:verify:");
    expect(await redis.exists(`kinde-keys:verify:${hash}`)).toBe(1);
  });

  it("rejects on entries that are not verification results, so core asks Kinde", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const store = redisCacheStore(redis, { prefix });
    await redis.set(`${prefix}junk`, "not json", "PX", 10_000);
    await redis.set(`${prefix}forged`, JSON.stringify({ valid: true }), "PX", 10_000);
    await expect(store.get("junk")).rejects.toThrow(SyntaxError);
    await expect(store.get("forged")).rejects.toThrow(/does not hold a verification result/);
  });

  it("propagates Redis errors instead of answering a miss", async () => {
    const store = redisCacheStore(connectToNothing());
    await expect(store.get("hash")).rejects.toThrow();
    await expect(store.set("hash", valid, 1_000)).rejects.toThrow();
    await expect(store.delete("hash")).rejects.toThrow();
  });
});
