/**
 * Vitest global setup: one real `redis-server` on a free loopback port for the whole run, with no
 * persistence, killed afterwards. Tests read its URL with `inject("redisUrl")`. Without a
 * `redis-server` on PATH the run fails: these tests prove fleet behaviour and must not be skipped.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the server started for this run. */
    redisUrl: string;
    /** A loopback port where nothing listens, for "Redis is down" tests. */
    closedPort: number;
  }
}

/** A port the OS considers free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Resolves once the server logs that it accepts connections. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
}

/** A running redis-server child process. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on loopback, without persistence, in the foreground (so it dies with us).
 * @param port the port to use; a free one by default
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "redis-server is not on PATH. The @acme/kinde-keys-redis tests run against a real Redis: " +
        "install it (Debian/Ubuntu: `apt-get install -y redis-server`; macOS: `brew install redis`).",
    );
  }
  const chosen = port ?? (await freePort());
  const child = spawn(
    "redis-server",
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(chosen),
      "--daemonize",
      "no",
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await ready(child);
  // Keep draining the server's log so a full pipe can never stall it.
  child.stdout?.resume();
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  project.provide("redisUrl", server.url);
  project.provide("closedPort", await freePort());
  return () => server.stop();
}
