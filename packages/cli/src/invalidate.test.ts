/**
 * `kinde-keys invalidate`: a revocation made in Kinde's dashboard, announced to a fleet by key id
 * through the Redis cache it shares (a real redis-server, a real CLI process, the fake Kinde).
 */
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-core";
import { redisCacheStore } from "@acme/kinde-keys-redis";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { freePort, type RedisServer, startRedisServer } from "@internal/harness/redis-server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runCli } from "./test-helpers.ts";

let kinde: RunningFakeKinde;
let redisServer: RedisServer;
let redis: Redis;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [kinde, redisServer] = await Promise.all([startFakeKinde(), startRedisServer()]);
  redis = new Redis(redisServer.url);
  env = cliEnv({
    KINDE_DOMAIN: kinde.url,
    KINDE_MANAGEMENT_CLIENT_ID: kinde.fake.clientId,
    KINDE_MANAGEMENT_CLIENT_SECRET: kinde.fake.clientSecret,
  });
});
afterAll(async () => {
  redis.disconnect();
  await Promise.all([kinde.close(), redisServer.stop()]);
});

/** An instance of the fleet: the same Kinde, client id and Redis as the CLI's environment. */
function instance(): KindeKeys {
  return createKindeKeys({
    domain: kinde.url,
    clientId: kinde.fake.clientId,
    clientSecret: kinde.fake.clientSecret,
    env: {},
    cache: { ttlMs: 60_000, store: redisCacheStore(redis) },
  });
}

describe("invalidate", () => {
  it("drops a key id's cached results, so the fleet sees a dashboard revocation at once", async () => {
    const fleet = instance();
    const { id, key } = kinde.fake.addKey({ orgCode: "org_acme" });
    expect((await fleet.verify(key)).valid).toBe(true);
    kinde.fake.revokeKey(id); // in Kinde's dashboard: the fleet's cache does not know
    expect((await fleet.verify(key)).valid).toBe(true);

    const run = await runCli(["invalidate", "--key-id", id, "--redis", redisServer.url], { env });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(`Invalidated the cached results of ${id}.\n`);
    expect(await fleet.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });

  it("reads REDIS_URL, prints JSON, and touches only its own namespace", async () => {
    const { id, key } = kinde.fake.addKey();
    // Another deployment's entry, indexed under its own (namespaced) key id name.
    await redisCacheStore(redis).set("other-entry", "sealed", 60_000, "other-namespace-id");
    const ours = instance();
    expect((await ours.verify(key)).valid).toBe(true);
    const run = await runCli(["invalidate", "--key-id", id, "--json"], {
      env: { ...env, REDIS_URL: redisServer.url },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ keyId: id, invalidated: true });
    expect(await redis.get("kinde-keys:verify:other-entry")).toBe("sealed");
    // Our entry is gone: the next verify asks Kinde.
    const calls = kinde.fake.calls.verify;
    expect(await ours.verify(key)).toMatchObject({ valid: true });
    expect(kinde.fake.calls.verify).toBe(calls + 1);
  });

  it("exits 2 with STORE_UNAVAILABLE when Redis is not there", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const run = await runCli(["invalidate", "--key-id", "api_key_x", "--redis", url], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kinde-keys: STORE_UNAVAILABLE: [^\n]+\n$/);
    expect(run.stderr).not.toContain(kinde.fake.clientSecret);
  });

  it("exits 2 with USAGE without a Redis URL", async () => {
    const run = await runCli(["invalidate", "--key-id", "api_key_x"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kinde-keys: USAGE: /);
  });
});
