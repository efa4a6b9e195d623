/**
 * @module commands/invalidate
 * `kinde-keys invalidate --key-id <id> --redis <url>`: drops a key id's cached results from the
 * Redis cache a fleet shares, and leaves the tombstone that keeps any instance from caching a
 * pre-revocation answer for it. For revocations made in Kinde's dashboard or portal, which the
 * fleet cannot otherwise hear about before its cache TTL ends. Entry names are namespaced by the
 * Kinde domain and M2M client id, so both must be the fleet's (same environment variables).
 */
import { createKindeKeys, KindeKeysError } from "@acme/kinde-keys-core";
import { DEFAULT_CACHE_PREFIX, redisCacheStore } from "@acme/kinde-keys-redis";
import type { Command } from "commander";
import { Redis } from "ioredis";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { CliError, EXIT, printJson } from "../output.ts";

interface InvalidateOptions extends GlobalOptions {
  keyId: string;
  redis?: string;
  prefix: string;
  clientId?: string;
  timeoutMs?: string;
}

/** Adds `invalidate` to the program. */
export function registerInvalidate(program: Command, ctx: CommandContext): void {
  program
    .command("invalidate")
    .description("Drop a key id's cached results from a fleet's shared Redis cache")
    .requiredOption("--key-id <id>", "the key id (api_key_…)")
    .option("--redis <url>", "the Redis the fleet's cache uses (default: $REDIS_URL)")
    .option("--prefix <prefix>", "the cache store's prefix", DEFAULT_CACHE_PREFIX)
    .option("--client-id <id>", "the fleet's M2M client id (default: $KINDE_MANAGEMENT_CLIENT_ID)")
    .option("--timeout-ms <ms>", "the fleet's timeoutMs, if not the default (sets the tombstone)")
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<InvalidateOptions>();
      const url = options.redis ?? ctx.io.env.REDIS_URL;
      if (!url) throw new CliError("USAGE", "Pass --redis <url> or set REDIS_URL.");
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      // Connection errors are reported below, through the client's logger.
      redis.on("error", () => {});
      try {
        await invalidate(ctx, options, redis);
      } finally {
        redis.disconnect();
      }
      if (options.json) printJson(ctx.io, { keyId: options.keyId, invalidated: true });
      else ctx.io.stdout.write(`Invalidated the cached results of ${options.keyId}.\n`);
      ctx.setExitCode(EXIT.ok);
    });
}

async function invalidate(ctx: CommandContext, options: InvalidateOptions, redis: Redis) {
  let failure: unknown;
  const kinde = createKindeKeys({
    domain: options.domain,
    clientId: options.clientId,
    env: ctx.io.env,
    timeoutMs: options.timeoutMs === undefined ? undefined : Number(options.timeoutMs),
    cache: { store: redisCacheStore(redis, { prefix: options.prefix }) },
    // A command line can wait for a connection longer than a request can.
    storeTimeoutMs: 10_000,
    // The client never fails a call on a store error; it logs it. Here that is the outcome.
    logger: {
      warn: (obj) => {
        failure ??= obj.err;
      },
    },
  });
  await kinde.invalidateKeyId(options.keyId);
  await kinde.close();
  if (failure !== undefined) {
    throw new KindeKeysError(
      "STORE_UNAVAILABLE",
      `Redis did not take the invalidation: ${failure}`,
    );
  }
}
