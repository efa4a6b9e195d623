/**
 * @module redis-server
 * A throwaway, real `redis-server` on a free loopback port: no persistence, in the foreground (so
 * it dies with its parent), killed on `stop()`. For the Redis store tests and the bench's revocation
 * measure, which prove fleet behaviour against the server users run.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** A running redis-server child process. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Kills the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** How long a server may take to accept connections. */
const START_TIMEOUT_MS = 10_000;

/** Whether `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  return !spawnSync("redis-server", ["--version"]).error;
}

/**
 * Starts `redis-server` on loopback.
 *
 * @param port the port to use; a free one by default
 * @throws {Error} when it is not on PATH, or does not start within 10 s
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  if (!hasRedisServer()) {
    throw new Error(
      "redis-server is not on PATH; these measures run against a real Redis: install it " +
        "(Debian/Ubuntu: `apt-get install -y redis-server`; macOS: `brew install redis`).",
    );
  }
  const chosen = port ?? (await freePort());
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(chosen), "--save", "", "--appendonly", "no"],
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

/** A loopback port the OS considers free right now. */
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

/** Resolves once the server logs that it accepts connections; kills it if it never does. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
}
