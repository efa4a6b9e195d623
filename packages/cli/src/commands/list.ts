/**
 * @module commands/list
 * `kinde-keys list`: keys matching the filters, paging through Kinde's answers as needed (never a
 * secret). Needs `read:api_keys`.
 */
import type { KeyStatus } from "@acme/kinde-keys-core";
import type { ApiKeyInfo, ListableKeyType } from "@acme/kinde-keys-core/management";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CommandContext, GlobalOptions } from "../context.ts";
import { EXIT, printJson, printTable } from "../output.ts";
import { keyHint, ownerLabel } from "./describe.ts";

interface ListOptions extends GlobalOptions {
  org?: string;
  user?: string;
  status?: KeyStatus;
  type?: ListableKeyType;
  pageSize?: number;
  limit?: number;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError("must be a positive integer.");
  }
  return parsed;
}

/** Adds `list` to the program. */
export function registerList(program: Command, ctx: CommandContext): void {
  program
    .command("list")
    .description("List keys, following Kinde's pages (needs read:api_keys)")
    .option("--org <code>", "only keys of this organization")
    .option("--user <id>", "only keys of this user")
    .addOption(
      new Option("--status <status>", "only keys in this state").choices([
        "active",
        "inactive",
        "revoked",
      ]),
    )
    .addOption(
      new Option("--type <type>", "only keys of this type (Kinde filters by these two)").choices([
        "organization",
        "user",
      ]),
    )
    .option("--page-size <n>", "keys per request to Kinde (at most 500)", positiveInteger)
    .option("--limit <n>", "stop after this many keys", positiveInteger)
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ListOptions>();
      const keys: ApiKeyInfo[] = [];
      const iterator = ctx.keys(options).list({
        orgCode: options.org,
        userId: options.user,
        status: options.status,
        keyType: options.type,
        pageSize: options.pageSize,
      });
      for await (const key of iterator) {
        keys.push(key);
        if (options.limit !== undefined && keys.length >= options.limit) break;
      }
      if (options.json) {
        printJson(ctx.io, keys);
      } else if (keys.length === 0) {
        ctx.io.stdout.write("No API keys.\n");
      } else {
        printTable(
          ctx.io,
          ["ID", "NAME", "TYPE", "OWNER", "STATUS", "KEY", "SCOPES", "LAST VERIFIED"],
          keys.map((key) => [
            key.id,
            key.name,
            key.type,
            ownerLabel(key),
            key.status,
            keyHint(key),
            key.scopes.join(","),
            key.lastVerifiedOn,
          ]),
        );
      }
      ctx.setExitCode(EXIT.ok);
    });
}
