/**
 * Shared test helpers: clients of every supported library and major (ioredis 5 and 6, node-redis 5
 * and 6) on the run's redis-server, configured the way the README recommends (fail fast), closed
 * after each test file; and prefixes unique per test, so files that run in parallel on one server
 * never see each other's keys.
 */
import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { Redis as Redis5 } from "ioredis5";
import { createClient } from "redis";
import { createClient as createClient5 } from "redis5";
import { afterAll, inject } from "vitest";
import type { RedisClient } from "../src/types.ts";

const clients: { disconnect(): void }[] = [];

/**
 * The options the README recommends for a store's client, with timeouts loose enough for a busy CI
 * machine (down-server tests fail on a refused connection, not on a timeout).
 */
export const FAST_FAIL: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
};

/** A connected client on the test server; closed after the file's tests. */
export async function connect(options: RedisOptions = {}): Promise<Redis> {
  const client = new Redis(inject("redisUrl"), { ...FAST_FAIL, lazyConnect: true, ...options });
  clients.push(client);
  await client.connect();
  return client;
}

/** A client pointed at a port where nothing listens: every command fails at once. */
export function connectToNothing(): Redis {
  const client = new Redis({
    ...FAST_FAIL,
    host: "127.0.0.1",
    port: inject("closedPort"),
    retryStrategy: () => 1_000,
  });
  // ioredis reports connection errors as events; without a listener it prints them to stderr.
  client.on("error", () => {});
  clients.push(client);
  return client;
}

/** A Redis key prefix no other test uses. */
export function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

/** A client library and major the stores support, and how to connect one on the test server. */
export interface SupportedClient {
  readonly name: string;
  connect(): Promise<RedisClient>;
}

/** Every supported client: the stores' tests run against each. */
export const CLIENTS: readonly SupportedClient[] = [
  { name: "ioredis 6", connect: () => connect() },
  {
    name: "ioredis 5",
    async connect() {
      const client = new Redis5(inject("redisUrl"), {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        commandTimeout: 2_000,
        lazyConnect: true,
      });
      clients.push(client);
      await client.connect();
      return client;
    },
  },
  {
    name: "redis 6",
    async connect() {
      const client = createClient({ url: inject("redisUrl"), disableOfflineQueue: true });
      client.on("error", () => {});
      clients.push({ disconnect: () => client.destroy() });
      await client.connect();
      return client;
    },
  },
  {
    name: "redis 5",
    async connect() {
      const client = createClient5({ url: inject("redisUrl"), disableOfflineQueue: true });
      client.on("error", () => {});
      clients.push({ disconnect: () => client.destroy() });
      await client.connect();
      return client;
    },
  },
];

afterAll(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
