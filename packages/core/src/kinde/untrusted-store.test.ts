/**
 * Pluggable stores are untrusted (SECURITY.md "Stores"): whatever a cache store answers is checked
 * before it is believed, entries of one deployment are invisible to another sharing the store, and
 * a store call that never settles cannot hold a request.
 */
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { authorize, type CacheStore, isKindeKeysError, type RateLimitStore } from "../index.ts";

const { fake, createKinde } = setupFakeKinde();

const UNKNOWN = "k_live_0123456789abcdef0123456789abcdef";

/** A store over a Map that answers `forged` for every read and records what core writes. */
function forgingStore(forged: unknown) {
  const writes: { name: string; value: unknown }[] = [];
  const store: CacheStore = {
    get: async () => forged as never,
    set: async (name, value) => void writes.push({ name, value }),
    delete: async () => {},
    deleteKeyId: async () => {},
  } as CacheStore;
  return { store, writes };
}

const forgedValid = {
  valid: true,
  key: {
    keyId: "api_key_victim",
    scopes: ["admin:all"],
    owner: { type: "organization", orgCode: "org_victim" },
    orgCode: "org_victim",
    userId: null,
    lastVerifiedOn: null,
    verificationCount: null,
  },
};

describe("a store's answer is not believed unchecked", () => {
  it.each([
    ["an incomplete valid entry", { valid: true }],
    ["a string flag", { valid: "false" }],
    ["a key without scopes", { valid: true, key: { keyId: "api_key_x" } }],
    ["an unknown refusal reason", { valid: false, reason: "because" }],
    ["a forged, complete, unsealed result", forgedValid],
    ["a forged entry as JSON text", JSON.stringify(forgedValid)],
    ["text that is not JSON", "not json"],
  ])("%s is a miss: Kinde decides and the entry is overwritten", async (_name, forged) => {
    const { store, writes } = forgingStore(forged);
    const kinde = createKinde({ cache: { store } });
    expect(await kinde.verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    const { key } = fake.addKey({ orgCode: "org_real", scopes: ["read:reports"] });
    expect(await kinde.verify(key)).toMatchObject({ valid: true, key: { orgCode: "org_real" } });
    expect(fake.calls.verify).toBe(2);
    expect(writes).toHaveLength(2);
  });
});

describe("deployments sharing a store", () => {
  /** A plain shared async store (what two deployments pointing at one Redis see). */
  function sharedStore(): CacheStore {
    const entries = new Map<string, unknown>();
    return {
      get: async (name) => entries.get(name) as never,
      set: async (name, value) => void entries.set(name, value),
      delete: async (name) => void entries.delete(name),
      deleteKeyId: async () => {},
    } as CacheStore;
  }

  it("another M2M client id never reads this client's entries", async () => {
    const store = sharedStore();
    const { key } = fake.addKey();
    const production = createKinde({ cache: { store } });
    const other = createKinde({ cache: { store }, clientId: "another-client" });
    expect((await production.verify(key)).valid).toBe(true);
    // The other client's credentials are refused by the fake: had it read production's entry,
    // it would have answered valid without asking.
    await expect(other.verify(key)).rejects.toSatisfy(isKindeKeysError);
  });
});

describe("store deadlines (storeTimeoutMs)", () => {
  const never = () => new Promise<never>(() => {});

  it("a cache read that never settles is a miss", { timeout: 3_000 }, async () => {
    const store = { get: never, set: never, delete: never, deleteKeyId: never } as CacheStore;
    const kinde = createKinde({ cache: { store }, storeTimeoutMs: 50 });
    const { key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(2);
  });

  it("a rate-limit store that never settles answers 503 STORE_UNAVAILABLE", {
    timeout: 3_000,
  }, async () => {
    const store: RateLimitStore = { consume: never };
    const kinde = createKinde({ storeTimeoutMs: 50 });
    const { key } = fake.addKey();
    const errors: unknown[] = [];
    const denial = await authorize(
      kinde,
      { headers: { authorization: `Bearer ${key}` } },
      {
        rateLimit: { limit: 5, windowMs: 60_000, store },
        onError: (denied, error) => {
          errors.push(error);
          return denied;
        },
      },
    );
    expect(denial).toMatchObject({ ok: false, status: 503 });
    expect(errors).toEqual([expect.objectContaining({ code: "STORE_UNAVAILABLE" })]);
  });

  it("a rate-limit store that throws is STORE_UNAVAILABLE, never blamed on Kinde", async () => {
    const store: RateLimitStore = {
      consume: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const kinde = createKinde();
    const { key } = fake.addKey();
    const errors: unknown[] = [];
    await authorize(
      kinde,
      { headers: { authorization: `Bearer ${key}` } },
      {
        rateLimit: { limit: 5, windowMs: 60_000, store },
        onError: (denied, error) => {
          errors.push(error);
          return denied;
        },
      },
    );
    expect(errors).toEqual([expect.objectContaining({ code: "STORE_UNAVAILABLE" })]);
  });
});
