/**
 * @module fleet-process
 * Revocation across a fleet: two clients (instances A and B, each with its own Redis connection, as
 * two servers would have) share one Redis verification cache and the fake Kinde over loopback. Per
 * trial, both have the key cached as valid; then `createKeyManager(A).delete(id)` runs and B
 * verifies the key back to back until it is refused. Started by run.ts; answers `revocation`.
 */
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-core";
import { createKeyManager } from "@acme/kinde-keys-core/management";
import { redisCacheStore } from "@acme/kinde-keys-redis";
import type { FakeClientConfig } from "@acme/kinde-keys-testing";
import { Redis } from "ioredis";
import { serveWorker } from "./ipc.ts";

/** How long one trial waits for B to refuse before it counts as a miss. */
const TRIAL_LIMIT_MS = 5_000;

/** One trial's outcome. */
export interface RevocationTrial {
  /** ms from calling `delete(id)` on A until B first refused the key; `undefined` if it never did. */
  readonly refusedAfterMs: number | undefined;
  /** ms the `delete(id)` call itself took (Kinde's answer plus the fleet-wide invalidation). */
  readonly deleteMs: number;
}

/** Runs one trial per key; the clients and connections live for the whole measure. */
async function revocation(
  redisUrl: string,
  client: FakeClientConfig,
  keys: readonly { id: string; key: string }[],
): Promise<RevocationTrial[]> {
  const connections = [new Redis(redisUrl), new Redis(redisUrl)];
  const [a, b] = connections.map((redis) =>
    createKindeKeys({ ...client, cache: { store: redisCacheStore(redis) } }),
  ) as [KindeKeys, KindeKeys];
  try {
    const manager = createKeyManager(a);
    const trials: RevocationTrial[] = [];
    for (const { id, key } of keys) {
      if (!(await a.verify(key)).valid || !(await b.verify(key)).valid) {
        throw new Error("revocation: a fresh key was refused before its deletion");
      }
      const started = performance.now();
      const deleted = manager.delete(id).then(() => performance.now() - started);
      let refusedAfterMs: number | undefined;
      while (performance.now() - started < TRIAL_LIMIT_MS) {
        if (!(await b.verify(key)).valid) {
          refusedAfterMs = performance.now() - started;
          break;
        }
      }
      trials.push({ refusedAfterMs, deleteMs: await deleted });
    }
    return trials;
  } finally {
    await Promise.all([a.close(), b.close()]);
    for (const redis of connections) redis.disconnect();
  }
}

serveWorker(
  { pid: process.pid },
  {
    revocation: (url: string, client: FakeClientConfig, keys: { id: string; key: string }[]) =>
      revocation(url, client, keys),
  },
);
