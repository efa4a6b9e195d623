/**
 * @module test-helpers
 * Runs the built `kinde-keys` as a real process, as a user's shell would.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built executable. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** What a finished run left behind. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a run: only what is given, so the caller's own KINDE_* never leak in. */
export function cliEnv(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", ...vars };
}

/**
 * Runs `kinde-keys …args` to completion. stdin is a pipe (never a TTY) holding `input`, or empty.
 */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: options.env ?? cliEnv(), timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** Starts `kinde-keys …args` and leaves it running (for `fake-server`). */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves with everything `child` printed once `pattern` appears on its stdout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (pattern.test(text)) {
        child.stdout?.off("data", onData);
        resolve(text);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}`)),
    );
  });
}

/** Resolves with the exit code (or signal) once `child` has ended. */
export function exitOf(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
  });
}
