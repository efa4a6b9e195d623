/**
 * Vitest global setup: one real `redis-server` on a free loopback port for the whole run, killed
 * afterwards. Tests read its URL with `inject("redisUrl")`. Without a `redis-server` on PATH the run
 * fails: these tests prove fleet behaviour and must not be skipped.
 */
import { freePort, startRedisServer } from "@internal/harness/redis-server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the server started for this run. */
    redisUrl: string;
    /** A loopback port where nothing listens, for "Redis is down" tests. */
    closedPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  project.provide("redisUrl", server.url);
  project.provide("closedPort", await freePort());
  return () => server.stop();
}
