/**
 * Revocation by key id (DESIGN §2 `invalidateKeyId`): the cache keeps an index from Kinde's key id
 * to its entries, so a revocation made through the key manager (or announced by key id) drops the
 * cached secret at once; a tombstone refuses a pre-revocation answer that lands afterwards.
 */
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { createKeyManager } from "../management/index.ts";

const { fake, createKinde } = setupFakeKinde();

/** A `fetch` that holds Kinde's verify answers until `release()` (a call in flight). */
function heldFetch() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).includes("/api_keys/verify")) {
      await gate;
    }
    return response;
  };
  return { fetch: held, release };
}

describe("invalidateKeyId", () => {
  it("drops every cached entry of the key id", async () => {
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(1);
    fake.revokeKey(id);
    await kinde.invalidateKeyId(id);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });

  it("refuses a pre-revocation answer that lands after the invalidation", async () => {
    const held = heldFetch();
    const kinde = createKinde({ cache: { ttlMs: 60_000 }, fetch: held.fetch });
    const { id, key } = fake.addKey();
    const inFlight = kinde.verify(key);
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.revokeKey(id);
    await kinde.invalidateKeyId(id);
    held.release();
    // The caller already waiting gets the answer of its time; nobody after it does.
    expect((await inFlight).valid).toBe(true);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });

  it("rejects ids that cannot be key ids", async () => {
    const kinde = createKinde();
    await expect(kinde.invalidateKeyId("")).rejects.toThrow(TypeError);
  });
});

describe("the key manager invalidates what it changes", () => {
  it("delete drops the cached secret at once", async () => {
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    await createKeyManager(kinde).delete(id);
    expect((await kinde.verify(key)).valid).toBe(false);
  });

  it("rotate drops the old secret's entry at once", async () => {
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    const { id, key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    const rotated = await createKeyManager(kinde).rotate(id);
    expect((await kinde.verify(key)).valid).toBe(false);
    expect((await kinde.verify(rotated.key)).valid).toBe(true);
  });
});

describe("close", () => {
  it("resolves, twice, and works with await using", async () => {
    const kinde = createKinde();
    await kinde.close();
    await kinde.close();
    {
      await using disposable = createKinde();
      expect(typeof disposable.verify).toBe("function");
    }
  });
});
