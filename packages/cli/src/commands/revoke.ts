/**
 * @module commands/revoke
 * `kinde-keys revoke <id>`: deletes (revokes) a key through Kinde's management API; it stops
 * verifying at once. Needs an M2M application with `delete:api_keys`.
 */
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { EXIT, printJson } from "../output.ts";

/** Adds `revoke` to the program. */
export function registerRevoke(program: Command, ctx: CommandContext): void {
  program
    .command("revoke")
    .description("Revoke (delete) a key (needs delete:api_keys)")
    .argument("<id>", "the key id (api_key_…)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await ctx.keys(options).delete(id);
      if (options.json) printJson(ctx.io, { id, revoked: true });
      else ctx.io.stdout.write(`Revoked ${id}.\n`);
      ctx.setExitCode(EXIT.ok);
    });
}
