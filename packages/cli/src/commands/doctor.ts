/**
 * @module commands/doctor
 * `kinde-keys doctor`: checks the Kinde setup the other commands (and an app with the same
 * environment) would use, and prints it as a checklist: exit 0 when every check passed, 2 when one
 * failed. A client that cannot even be built (no domain, no credentials) is the first failed check.
 */
import { isKindeKeysError, type KindeKeys } from "@acme/kinde-keys-core";
import {
  type CheckSetupOptions,
  checkKindeSetup,
  type SetupReport,
} from "@acme/kinde-keys-core/management";
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { type CliIo, clean, EXIT, type ExitCode, printJson } from "../output.ts";

interface DoctorOptions extends GlobalOptions {
  management?: boolean;
  apiId?: string;
}

async function doctor(ctx: CommandContext, options: DoctorOptions): Promise<ExitCode> {
  let report: SetupReport;
  let kinde: KindeKeys | undefined;
  try {
    kinde = ctx.client(options);
  } catch (error) {
    if (!isKindeKeysError(error)) throw error;
    report = {
      ok: false,
      checks: [{ name: "config", ok: false, detail: error.message, hint: "run kinde-keys --help" }],
    };
  }
  if (kinde) {
    const checkOptions: CheckSetupOptions = { management: options.management === true };
    if (options.apiId !== undefined) checkOptions.apiId = options.apiId;
    report = await checkKindeSetup(kinde, checkOptions);
  }
  // biome-ignore lint/style/noNonNullAssertion: set on both branches above
  const done = report!;
  if (options.json) printJson(ctx.io, done);
  else printChecklist(ctx.io, done);
  return done.ok ? EXIT.ok : EXIT.error;
}

/** `✓ name  detail`, and `  → hint` under a failed check. */
function printChecklist(io: CliIo, report: SetupReport): void {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  for (const check of report.checks) {
    io.stdout.write(
      `${check.ok ? "✓" : "✗"} ${check.name.padEnd(width)}  ${clean(check.detail)}\n`,
    );
    if (!check.ok && check.hint) io.stdout.write(`  ${"".padEnd(width)}  → ${clean(check.hint)}\n`);
  }
  io.stdout.write(report.ok ? "Kinde setup OK.\n" : "Kinde setup has problems (see ✗ above).\n");
}

/** Adds `doctor` to the program. */
export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command("doctor")
    .description("Check the Kinde setup: domain, credentials, verify route and scopes")
    .option("--management", "also check the scopes the key management commands need")
    .option("--api-id <id>", "also read this API's scopes (needs read:api_scopes)")
    .action(async (_options: unknown, command: Command) => {
      ctx.setExitCode(await doctor(ctx, command.optsWithGlobals<DoctorOptions>()));
    });
}
