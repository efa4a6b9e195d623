/**
 * @module commands/verify
 * `kinde-keys verify [key]`: asks Kinde about one key. The key may come on stdin (`-`, or no
 * argument with piped input) so that it stays out of shell history and the process list. Only its
 * redacted form (`k_live_…abcd`) is ever printed.
 */
import { redactKey } from "@acme/kinde-keys-core";
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { CliError, type CliIo, EXIT, type ExitCode, printFields, printJson } from "../output.ts";

// Far above any real key; a larger input is not a key and is not read into memory whole.
const MAX_STDIN_BYTES = 64 * 1024;

async function readKeyFromStdin(io: CliIo): Promise<string> {
  let text = "";
  for await (const chunk of io.stdin) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.length > MAX_STDIN_BYTES) {
      throw new CliError("USAGE", "stdin is too large to be an API key.");
    }
  }
  const key = text.trim();
  if (!key) throw new CliError("USAGE", "no API key on stdin.");
  return key;
}

async function resolveKey(argument: string | undefined, io: CliIo): Promise<string> {
  if (argument !== undefined && argument !== "-") return argument;
  if (argument === undefined && io.stdin.isTTY) {
    throw new CliError("USAGE", "pass the key as an argument, or pipe it on stdin.");
  }
  return readKeyFromStdin(io);
}

async function verify(
  ctx: CommandContext,
  argument: string | undefined,
  options: GlobalOptions,
): Promise<ExitCode> {
  const { io } = ctx;
  const apiKey = await resolveKey(argument, io);
  const kinde = ctx.client(options);
  const result = await kinde.verify(apiKey);
  const keyHint = redactKey(apiKey);
  if (options.json) {
    printJson(
      io,
      result.valid ? { valid: true, keyHint, key: result.key } : { ...result, keyHint },
    );
  } else if (result.valid) {
    const { key } = result;
    const owner =
      key.owner.type === "organization"
        ? `organization ${key.owner.orgCode}`
        : key.owner.type === "user"
          ? `user ${key.owner.userId}`
          : "environment";
    printFields(io, [
      ["valid", keyHint],
      ["key id", key.keyId],
      ["owner", owner],
      ["scopes", key.scopes.join(" ")],
      ["verifications", key.verificationCount],
      ["last verified", key.lastVerifiedOn],
    ]);
  } else {
    printFields(io, [
      ["invalid", keyHint],
      ["reason", result.reason],
    ]);
  }
  return result.valid ? EXIT.ok : EXIT.invalid;
}

/** Adds `verify` to the program. */
export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command("verify")
    .description("Verify an API key with Kinde (exit 0 valid, 1 invalid, 2 error)")
    .argument(
      "[key]",
      'the API key; "-" or omitted to read it from stdin (keeps it out of history)',
    )
    .action(async (key: string | undefined, _options: unknown, command: Command) => {
      ctx.setExitCode(await verify(ctx, key, command.optsWithGlobals<GlobalOptions>()));
    });
}
