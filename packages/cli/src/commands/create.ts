/**
 * @module commands/create
 * `kinde-keys create`: a new key for an organization, a user or the whole environment. The new
 * secret is printed once; needs an M2M application with `create:api_keys` (and `read:api_scopes`
 * for scopes given by name with `--scope`).
 */
import type { CreateApiKeyInput } from "@acme/kinde-keys-core/management";
import { type Command, Option } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { CliError, EXIT, type ExitCode, printIssuedKey } from "../output.ts";

interface CreateOptions extends GlobalOptions {
  name: string;
  apiId: string;
  scope?: string[];
  scopeId?: string[];
  org?: string;
  user?: string;
  environment?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function toInput(options: CreateOptions): CreateApiKeyInput {
  const base = {
    name: options.name,
    apiId: options.apiId,
    scopes: options.scope ?? [],
    scopeIds: options.scopeId ?? [],
  };
  if (options.org !== undefined) return { ...base, orgCode: options.org };
  if (options.user !== undefined) return { ...base, userId: options.user };
  if (options.environment) return { ...base, environment: true };
  throw new CliError("USAGE", "pass one owner: --org <code>, --user <id> or --environment.");
}

async function create(ctx: CommandContext, options: CreateOptions): Promise<ExitCode> {
  const input = toInput(options);
  const issued = await ctx.keys(options).create(input);
  printIssuedKey(ctx.io, issued, options.json);
  return EXIT.ok;
}

/** Adds `create` to the program. */
export function registerCreate(program: Command, ctx: CommandContext): void {
  program
    .command("create")
    .description("Create an API key; prints its secret once (needs create:api_keys)")
    .requiredOption("--name <name>", "display name of the key")
    .requiredOption("--api-id <id>", "id of the Kinde API the key is for")
    .option(
      "--scope <name>",
      "name of a scope to grant, e.g. read:users (repeatable; needs read:api_scopes)",
      collect,
    )
    .option("--scope-id <id>", "id of a scope to grant (repeatable)", collect)
    .addOption(
      new Option("--org <code>", "owner: an organization").conflicts(["user", "environment"]),
    )
    .addOption(new Option("--user <id>", "owner: a user (kp_…)").conflicts(["org", "environment"]))
    .addOption(
      new Option("--environment", "owner: the whole environment").conflicts(["org", "user"]),
    )
    .action(async (_options: unknown, command: Command) => {
      ctx.setExitCode(await create(ctx, command.optsWithGlobals<CreateOptions>()));
    });
}
