/**
 * @module types
 * The Redis clients the stores accept, described by the one method each store needs from them, so
 * neither library is a dependency: an `ioredis` client (5 or 6; `Redis` or `Cluster`) sends a
 * command with `call`, a `node-redis` client (`redis` 5 or 6, from `createClient`) with
 * `sendCommand`.
 */

/** An `ioredis` client (`new Redis(…)`, `new Cluster(…)`), versions 5 and 6. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A `node-redis` client (`createClient(…)` from `redis`), versions 5 and 6. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Either client. */
export type RedisClient = IoRedisLike | NodeRedisLike;
