/**
 * @module @acme/kinde-keys-cli
 * The `kinde-keys` command line, also callable in-process: `run(args)` resolves to the exit code.
 */

export type { CommandContext, GlobalOptions } from "./context.ts";
export { createContext } from "./context.ts";
export type { CliErrorCode, CliIo, ExitCode } from "./output.ts";
export { CliError, EXIT } from "./output.ts";
export { createProgram, processIo, run } from "./program.ts";
