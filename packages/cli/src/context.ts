/**
 * @module context
 * What every command gets: the I/O, the global options, and a Kinde client (and its key manager)
 * built from them and the same environment variables core reads.
 */
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-core";
import { type ApiKeyManager, createKeyManager } from "@acme/kinde-keys-core/management";
import type { CliIo, ExitCode } from "./output.ts";

/** Options every command accepts. */
export interface GlobalOptions {
  /** Kinde domain; overrides `KINDE_DOMAIN`. */
  domain?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** Shared by all commands of one run. */
export interface CommandContext {
  readonly io: CliIo;
  /** Builds the client (on first use: `fake-server` and `--help` need no credentials). */
  client(options: GlobalOptions): KindeKeys;
  /** The key manager of a client built as {@link CommandContext.client} builds it. */
  keys(options: GlobalOptions): ApiKeyManager;
  /** Records the command's exit code. */
  setExitCode(code: ExitCode): void;
  /** The recorded exit code; `0` until a command sets another. */
  readonly exitCode: ExitCode;
}

/** The context of one run. */
export function createContext(io: CliIo): CommandContext {
  let exitCode: ExitCode = 0;
  // A CLI run asks once per key: a cache would only hide Kinde's current answer.
  const client = (options: GlobalOptions) =>
    // The CLI reports failures itself, once, on stderr: no health log lines besides.
    createKindeKeys({ domain: options.domain, env: io.env, cache: false, logger: false });
  return {
    io,
    client,
    keys: (options) => createKeyManager(client(options)),
    setExitCode(code) {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
  };
}
