/**
 * @module commands/fake-server
 * `kinde-keys fake-server`: the fake Kinde from `@acme/kinde-keys-testing` on a loopback port, for
 * local development and for other processes' tests. It prints the URL and the credentials to put in
 * the environment, then runs until SIGINT or SIGTERM. Seeded keys' secrets are never printed: they
 * are in the seed file already.
 */
import { readFile } from "node:fs/promises";
import type { FakeKeySeed } from "@acme/kinde-keys-testing/server";
import { type Command, InvalidArgumentError } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { CliError, EXIT, type ExitCode } from "../output.ts";

interface FakeServerOptions extends GlobalOptions {
  port: number;
  host: string;
  seed?: string;
  clientId?: string;
  clientSecret?: string;
}

const STRING_FIELDS = ["key", "id", "name", "orgCode", "userId", "apiId"] as const;
const TYPES = new Set(["organization", "user", "environment"]);
const STATUSES = new Set(["active", "inactive", "revoked"]);

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError("must be a port number (0 picks a free one).");
  }
  return parsed;
}

function seedError(file: string, message: string): CliError {
  return new CliError("CONFIG_INVALID", `--seed ${file}: ${message}`);
}

/** Checks one seed entry's fields, so a typo fails here rather than as a puzzling fake. */
function toSeed(entry: unknown, index: number, file: string): FakeKeySeed {
  const where = `entry ${index}`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw seedError(file, `${where} must be an object.`);
  }
  const seed = entry as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const value = seed[field];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw seedError(file, `${where}: ${field} must be a string.`);
    }
  }
  if (seed.type !== undefined && !TYPES.has(seed.type as string)) {
    throw seedError(file, `${where}: type must be organization, user or environment.`);
  }
  if (seed.status !== undefined && !STATUSES.has(seed.status as string)) {
    throw seedError(file, `${where}: status must be active, inactive or revoked.`);
  }
  const { scopes } = seed;
  if (
    scopes !== undefined &&
    !(Array.isArray(scopes) && scopes.every((scope) => typeof scope === "string"))
  ) {
    throw seedError(file, `${where}: scopes must be an array of strings.`);
  }
  return seed as FakeKeySeed;
}

/** Reads `[seed, …]` or `{ "keys": [seed, …] }`. */
async function readSeeds(file: string): Promise<FakeKeySeed[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? "is not valid JSON" : "cannot be read";
    throw seedError(file, `the file ${reason}.`);
  }
  const list = Array.isArray(data) ? data : (data as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) {
    throw seedError(file, 'expected an array of keys or { "keys": [...] }.');
  }
  return list.map((entry, index) => toSeed(entry, index, file));
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function serve(ctx: CommandContext, options: FakeServerOptions): Promise<ExitCode> {
  const { io } = ctx;
  const keys = options.seed === undefined ? [] : await readSeeds(options.seed);
  const { startFakeKinde } = await import("@acme/kinde-keys-testing/server");
  let running: Awaited<ReturnType<typeof startFakeKinde>>;
  try {
    running = await startFakeKinde({
      port: options.port,
      host: options.host,
      keys,
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    });
  } catch (error) {
    // Duplicate ids or secrets in the seed, or the port is taken.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError("CONFIG_INVALID", `fake Kinde could not start: ${message}`);
  }
  const stopped = untilSignal();
  const { url, fake } = running;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ url, clientId: fake.clientId, clientSecret: fake.clientSecret, keys: keys.length })}\n`,
    );
  } else {
    io.stdout.write(
      [
        `Fake Kinde listening on ${url} (${keys.length} seeded keys). Stop with Ctrl-C.`,
        "",
        `KINDE_DOMAIN=${url}`,
        `KINDE_MANAGEMENT_CLIENT_ID=${fake.clientId}`,
        `KINDE_MANAGEMENT_CLIENT_SECRET=${fake.clientSecret}`,
        "",
      ].join("\n"),
    );
  }
  const signal = await stopped;
  await running.close();
  if (!options.json) io.stderr.write(`Fake Kinde stopped (${signal}).\n`);
  return EXIT.ok;
}

/** Adds `fake-server` to the program. */
export function registerFakeServer(program: Command, ctx: CommandContext): void {
  program
    .command("fake-server")
    .description(
      "Run a fake Kinde on a loopback port until Ctrl-C (for local development and tests)",
    )
    .option("--port <port>", "port to listen on; 0 picks a free one", port, 0)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--seed <file>", 'JSON file of keys: [{ "key", "orgCode", "scopes", … }]')
    .option("--client-id <id>", "M2M client id the fake accepts (default fake-client-id)")
    .option(
      "--client-secret <secret>",
      "M2M client secret the fake accepts (default fake-client-secret)",
    )
    .action(async (_options: unknown, command: Command) => {
      ctx.setExitCode(await serve(ctx, command.optsWithGlobals<FakeServerOptions>()));
    });
}
