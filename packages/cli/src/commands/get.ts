/**
 * @module commands/get
 * `kinde-keys get <id>`: one key's details (never its secret). Needs `read:api_keys`.
 */
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { CliError, EXIT, printFields, printJson } from "../output.ts";
import { keyHint, ownerLabel } from "./describe.ts";

/** Adds `get` to the program. */
export function registerGet(program: Command, ctx: CommandContext): void {
  program
    .command("get")
    .description("Show one key's details (needs read:api_keys)")
    .argument("<id>", "the key id (api_key_…)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const key = await ctx.keys(options).get(id);
      if (!key)
        throw new CliError("NOT_FOUND", `Kinde has no API key with id ${id}.`, EXIT.invalid);
      if (options.json) {
        printJson(ctx.io, key);
      } else {
        printFields(ctx.io, [
          ["id", key.id],
          ["name", key.name],
          ["type", key.type],
          ["owner", ownerLabel(key)],
          ["status", key.status],
          ["key", keyHint(key)],
          ["scopes", key.scopes.join(" ")],
          ["apis", key.apiIds.join(" ")],
          ["created", key.createdOn],
          ["last verified", key.lastVerifiedOn],
          ["verifications", key.verificationCount],
        ]);
      }
      ctx.setExitCode(EXIT.ok);
    });
}
