/**
 * Revocation across a fleet sharing Redis (issue 13 item 5): a revocation made on one instance is
 * seen by every instance at once, and no instance's in-flight, pre-revocation answer can make the
 * key valid again afterwards.
 */
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-core";
import { createKeyManager } from "@acme/kinde-keys-core/management";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { redisCacheStore } from "../src/index.ts";
import { CLIENTS, uniquePrefix } from "./helpers.ts";
import { revocationLag } from "./revocation-lag.ts";

const fake = createFakeKinde({ domain: "fleet-kinde.test" });
const server = setupServer(...fake.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => fake.resetCalls());
afterAll(() => server.close());

/** A `fetch` that holds Kinde's verify answers (computed now) until `release()`. */
function heldFetch() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived!: () => void;
  const answered = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const held: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).includes("/api_keys/verify")) {
      arrived();
      await gate;
    }
    return response;
  };
  return { fetch: held, release, answered };
}

/**
 * Two instances sharing one Redis: A on ioredis, B on node-redis, so a mixed fleet is covered too
 * (both write and read the same entries, index and tombstones).
 */
async function pair(bFetch?: typeof fetch): Promise<[KindeKeys, KindeKeys]> {
  const prefix = uniquePrefix();
  const [ioredis, nodeRedis] = [CLIENTS[0], CLIENTS[2]];
  if (!ioredis || !nodeRedis) throw new Error("the supported clients changed");
  const a = createKindeKeys(
    fake.clientConfig({
      cache: { ttlMs: 60_000, store: redisCacheStore(await ioredis.connect(), { prefix }) },
      storeTimeoutMs: 5_000,
    }),
  );
  const b = createKindeKeys(
    fake.clientConfig({
      cache: { ttlMs: 60_000, store: redisCacheStore(await nodeRedis.connect(), { prefix }) },
      storeTimeoutMs: 5_000,
      fetch: bFetch,
    }),
  );
  return [a, b];
}

describe.each([
  ["invalidate(apiKey)", (kinde: KindeKeys, _id: string, key: string) => kinde.invalidate(key)],
  ["invalidateKeyId(id)", (kinde: KindeKeys, id: string) => kinde.invalidateKeyId(id)],
])("the cross-instance race, with %s", (_name, invalidate) => {
  it("an answer from before the revocation landing afterwards does not make the key valid", async () => {
    const held = heldFetch();
    const [a, b] = await pair(held.fetch);
    const { id, key } = fake.addKey({ orgCode: "org_acme" });

    const inFlight = b.verify(key);
    await held.answered; // B holds Kinde's "valid" answer, not yet cached
    fake.revokeKey(id);
    await invalidate(a, id, key);
    held.release();
    expect((await inFlight).valid).toBe(true); // the answer of its time, to the caller who waited

    expect(await a.verify(key)).toEqual({ valid: false, reason: "revoked" });
    expect(await b.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });
});

describe("a revocation through the key manager", () => {
  it("is refused on the other instance at once, not after the TTL", async () => {
    const [a, b] = await pair();
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    expect((await b.verify(key)).valid).toBe(true);
    expect((await a.verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(1);

    let attempts = 0;
    await revocationLag({
      revoke: () => createKeyManager(a).delete(id),
      refused: async () => {
        attempts += 1;
        return !(await b.verify(key)).valid;
      },
      timeoutMs: 5_000,
    });
    expect(attempts).toBe(1);
  });
});
