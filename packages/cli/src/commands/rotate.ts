/**
 * @module commands/rotate
 * `kinde-keys rotate <id>`: a new secret for the same key id, printed once; Kinde refuses the old
 * secret at once. Needs an M2M application with `update:api_keys`.
 */
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { EXIT, printIssuedKey } from "../output.ts";

/** Adds `rotate` to the program. */
export function registerRotate(program: Command, ctx: CommandContext): void {
  program
    .command("rotate")
    .description("Give a key a new secret; prints it once (needs update:api_keys)")
    .argument("<id>", "the key id (api_key_…)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const issued = await ctx.keys(options).rotate(id);
      printIssuedKey(ctx.io, issued, options.json);
      ctx.setExitCode(EXIT.ok);
    });
}
