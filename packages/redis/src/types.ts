/**
 * @module types
 * The Redis clients the stores accept.
 */
import type { Cluster, Redis } from "ioredis";

/** An `ioredis` client: a single node (`Redis`) or a `Cluster`. */
export type RedisClient = Redis | Cluster;
