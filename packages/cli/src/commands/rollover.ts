/**
 * @module commands/rollover
 * `kinde-keys rollover <id>`: Kinde's dual-key rotation. A sibling key (same API, scopes and owner)
 * is created and its secret printed once; the old key stays active until `kinde-keys revoke <old
 * id>`. Needs read:api_keys, read:api_scopes and create:api_keys.
 */
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { EXIT, printIssuedKey } from "../output.ts";

interface RolloverOptions extends GlobalOptions {
  name?: string;
}

/** Adds `rollover` to the program. */
export function registerRollover(program: Command, ctx: CommandContext): void {
  program
    .command("rollover")
    .description(
      "Create a sibling key with the same API, scopes and owner; prints its secret once. The old " +
        "key stays active until revoked (needs read:api_keys, read:api_scopes, create:api_keys)",
    )
    .argument("<id>", "the key id to roll over (api_key_…)")
    .option("--name <name>", "display name of the new key (default: the old key's)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<RolloverOptions>();
      const keys = ctx.keys(options);
      const rolled = await keys.rollover(
        id,
        options.name === undefined ? {} : { name: options.name },
      );
      printIssuedKey(ctx.io, rolled, options.json, { oldId: rolled.oldId });
      if (!options.json) {
        ctx.io.stderr.write(
          `The old key ${rolled.oldId} stays active: revoke it once clients use the new one.\n`,
        );
      }
      ctx.setExitCode(EXIT.ok);
    });
}
