/**
 * @module program
 * The `kinde-keys` command line: global options, the commands, and the one place that turns every
 * outcome into an exit code (0 ok/valid, 1 invalid or unknown key, 2 error or usage).
 */
import { Command, CommanderError } from "commander";
import { registerCreate } from "./commands/create.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerFakeServer } from "./commands/fake-server.ts";
import { registerGet } from "./commands/get.ts";
import { registerInvalidate } from "./commands/invalidate.ts";
import { registerList } from "./commands/list.ts";
import { registerRevoke } from "./commands/revoke.ts";
import { registerRollover } from "./commands/rollover.ts";
import { registerRotate } from "./commands/rotate.ts";
import { registerVerify } from "./commands/verify.ts";
import { type CommandContext, createContext } from "./context.ts";
import { type CliIo, clean, EXIT, type ExitCode, reportError } from "./output.ts";

const ENVIRONMENT_HELP = `
Credentials come from the environment, as in @acme/kinde-keys-core:
  KINDE_DOMAIN                      your Kinde domain (or --domain)
  KINDE_MANAGEMENT_CLIENT_ID        M2M application client id (or KINDE_M2M_CLIENT_ID)
  KINDE_MANAGEMENT_CLIENT_SECRET    M2M application client secret (or KINDE_M2M_CLIENT_SECRET)
  REDIS_URL                         the fleet's shared Redis, for invalidate (or --redis)
Not KINDE_CLIENT_ID: that is a front-end application's id; these need an M2M application's.
Something not working? Run \`kinde-keys doctor\`.

Exit codes: 0 valid / done, 1 invalid key or unknown key id, 2 error (Kinde, configuration, usage).`;

/** Builds the program for one run; commands report through `ctx`. */
export function createProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const program = new Command("kinde-keys")
    .description(
      "Verify, create, list, rotate, roll over and revoke Kinde API keys; check the Kinde setup; invalidate a fleet's cache; run a fake Kinde.",
    )
    .option("--domain <domain>", "Kinde domain, e.g. acme.kinde.com (default: $KINDE_DOMAIN)")
    .option("--json", "machine-readable output")
    .addHelpText("after", ENVIRONMENT_HELP)
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own errors ("error: missing required argument 'id'") as the CLI's one-line form.
      outputError: (text, write) =>
        write(`kinde-keys: USAGE: ${clean(text.replace(/^error: /, ""))}\n`),
    })
    // Subcommands inherit this when created with `.command()`: no `process.exit` inside commander.
    .exitOverride();
  registerVerify(program, ctx);
  registerCreate(program, ctx);
  registerList(program, ctx);
  registerGet(program, ctx);
  registerRotate(program, ctx);
  registerRollover(program, ctx);
  registerRevoke(program, ctx);
  registerDoctor(program, ctx);
  registerInvalidate(program, ctx);
  registerFakeServer(program, ctx);
  return program;
}

/** The process's own I/O. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Runs the CLI once and resolves to its exit code; it never calls `process.exit` itself.
 *
 * @param args - The arguments after the program name, e.g. `["verify", "-"]`.
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2));
 * ```
 */
export async function run(args: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const ctx = createContext(io);
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...args], { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exit 0; every other commander exit is a usage error (already printed).
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    return reportError(io, error);
  }
}
