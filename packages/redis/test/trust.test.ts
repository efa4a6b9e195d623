/**
 * Write access to Redis is not an authentication bypass, deployments sharing one Redis stay apart,
 * and a Redis that is down cannot hold a request longer than the store deadline.
 */
import { createKindeKeys } from "@acme/kinde-keys-core";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { Redis } from "ioredis";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { redisCacheStore } from "../src/index.ts";
import { connect, uniquePrefix } from "./helpers.ts";

const production = createFakeKinde({ domain: "kinde-production.test" });
const staging = createFakeKinde({ domain: "kinde-staging.test" });
const server = setupServer(...production.handlers, ...staging.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => {
  production.resetCalls();
  staging.resetCalls();
});
afterAll(() => server.close());

const forged = JSON.stringify({
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
});

describe("an attacker who can write to Redis", () => {
  it("cannot make a chosen key string pass by writing a JSON entry for it", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const kinde = createKindeKeys(
      production.clientConfig({
        cache: { store: redisCacheStore(redis, { prefix }) },
        storeTimeoutMs: 5_000,
      }),
    );
    const chosen = "k_live_attacker_chosen_0000000000000000";
    expect(await kinde.verify(chosen)).toEqual({ valid: false, reason: "invalid" });
    // Overwrite every string the store wrote with a complete, well-typed, forged result.
    const names = await redis.keys(`${prefix}*`);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      if ((await redis.type(name)) === "string") await redis.set(name, forged, "PX", 60_000);
    }
    expect(await kinde.verify(chosen)).toEqual({ valid: false, reason: "invalid" });
    expect(production.calls.verify).toBe(2);
  });

  it("cannot move one key's sealed entry to another key's name", async () => {
    const redis = await connect();
    const prefix = uniquePrefix();
    const kinde = createKindeKeys(
      production.clientConfig({
        cache: { store: redisCacheStore(redis, { prefix }) },
        storeTimeoutMs: 5_000,
      }),
    );
    const admin = production.addKey({ orgCode: "org_victim", scopes: ["admin:all"] }).key;
    const chosen = "k_live_attacker_chosen_1111111111111111";
    expect((await kinde.verify(admin)).valid).toBe(true);
    const adminNames = new Set(await redis.keys(`${prefix}*`));
    expect((await kinde.verify(chosen)).valid).toBe(false);
    const chosenNames = (await redis.keys(`${prefix}*`)).filter((name) => !adminNames.has(name));
    const adminValues = await Promise.all(
      [...adminNames].map(async (name) =>
        (await redis.type(name)) === "string" ? redis.get(name) : null,
      ),
    );
    for (const name of chosenNames) {
      for (const value of adminValues) {
        if (value === null) continue;
        await redis.set(name, value, "PX", 60_000);
        expect((await kinde.verify(chosen)).valid).toBe(false);
      }
    }
  });
});

describe("staging and production sharing one Redis", () => {
  it("never see each other's entries", async () => {
    const prefix = uniquePrefix();
    const prod = createKindeKeys(
      production.clientConfig({
        cache: { store: redisCacheStore(await connect(), { prefix }) },
        storeTimeoutMs: 5_000,
      }),
    );
    const stage = createKindeKeys(
      staging.clientConfig({
        cache: { store: redisCacheStore(await connect(), { prefix }) },
        storeTimeoutMs: 5_000,
      }),
    );
    const { key } = staging.addKey({ orgCode: "org_staging" });
    expect((await stage.verify(key)).valid).toBe(true);
    expect(await prod.verify(key)).toEqual({ valid: false, reason: "invalid" });
    expect(production.calls.verify).toBe(1);
  });
});

describe("a default-configured ioredis with Redis down", () => {
  it("answers within the store deadline instead of queueing commands", {
    timeout: 5_000,
  }, async () => {
    // No fail-fast options: the offline queue and 20 retries per command, as most apps have it.
    const redis = new Redis({ host: "127.0.0.1", port: inject("closedPort") });
    redis.on("error", () => {});
    try {
      const kinde = createKindeKeys(
        production.clientConfig({ cache: { store: redisCacheStore(redis) }, storeTimeoutMs: 100 }),
      );
      const { key } = production.addKey();
      expect((await kinde.verify(key)).valid).toBe(true);
      expect((await kinde.verify(key)).valid).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
