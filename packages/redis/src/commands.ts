/**
 * @module commands
 * One small interface over both Redis clients: send a command, run a Lua script. The client's kind
 * is detected once, when a store is made; scripts run by `EVALSHA` and are loaded with `EVAL` the
 * first time a server answers `NOSCRIPT` (a restart or a failover empties its script cache). This
 * is what every store here is built on, and what a new store (usage counters) reuses.
 */
import { createHash } from "node:crypto";
import type { RedisClient } from "./types.ts";

/** A Redis connection as the stores use it. */
export interface RedisCommands {
  /** Sends one command, e.g. `["GET", name]`. */
  send(args: string[]): Promise<unknown>;
  /** Runs `script` with `keys` and `args`, atomically on the server. */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
}

/** A Lua script and its SHA-1, computed once. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Prepares `source` for {@link RedisCommands.run}. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * Wraps an `ioredis` or `node-redis` client.
 * @throws {TypeError} for anything that is neither
 */
export function redisCommands(client: RedisClient): RedisCommands {
  const send = senderOf(client);
  return {
    send,
    async run(script, keys, args) {
      const rest = [String(keys.length), ...keys, ...args];
      try {
        return await send(["EVALSHA", script.sha, ...rest]);
      } catch (error) {
        if (!String((error as Error | undefined)?.message).startsWith("NOSCRIPT")) throw error;
        return await send(["EVAL", script.source, ...rest]);
      }
    },
  };
}

function senderOf(client: RedisClient): (args: string[]) => Promise<unknown> {
  // ioredis first: its clients also have a `sendCommand`, which takes a Command object.
  if (typeof (client as { call?: unknown }).call === "function") {
    const io = client as { call(command: string, ...args: string[]): Promise<unknown> };
    return ([command, ...args]) => io.call(command as string, ...args);
  }
  if (typeof (client as { sendCommand?: unknown }).sendCommand === "function") {
    const node = client as { sendCommand(args: string[]): Promise<unknown> };
    return (args) => node.sendCommand(args);
  }
  throw new TypeError(
    "kinde-keys: expected an ioredis client (new Redis()) or a node-redis client (createClient()).",
  );
}
