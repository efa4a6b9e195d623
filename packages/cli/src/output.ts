/**
 * @module output
 * How the CLI talks back: exit codes, `--json` or human tables on stdout, and every failure as one
 * `kinde-keys: CODE: message` line on stderr. Nothing here ever receives a raw key except the one a
 * `create` or `rotate` just made.
 */
import { isKindeKeysError } from "@acme/kinde-keys-core";

/** `0` valid / done, `1` the key (or key id) is invalid or unknown, `2` anything else went wrong. */
export type ExitCode = 0 | 1 | 2;

/** The exit codes by meaning. */
export const EXIT = { ok: 0, invalid: 1, error: 2 } as const satisfies Record<string, ExitCode>;

/** Where the CLI reads and writes; `process` in the bin, injectable for embedding. */
export interface CliIo {
  /** The key for `verify -`. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Variables read for credentials (`KINDE_DOMAIN`, `KINDE_MANAGEMENT_CLIENT_ID`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The CLI's own failure codes, next to `KindeKeysError` codes. */
export type CliErrorCode = "USAGE" | "NOT_FOUND" | "CONFIG_INVALID";

/** A failure the CLI itself detects (bad arguments, a seed file it cannot read, an unknown id). */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: CliErrorCode, message: string, exitCode: ExitCode = EXIT.error) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/** One terminal-safe line: no escape sequences or line breaks from Kinde's data reach the terminal. */
export function clean(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  return String(value).replace(CONTROL, " ").trim() || "-";
}

/** Writes `value` as pretty JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes aligned `label  value` lines. */
export function printFields(io: CliIo, fields: ReadonlyArray<readonly [string, unknown]>): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) io.stdout.write(`${label.padEnd(width)}  ${clean(value)}\n`);
}

/** Writes a table with a header row; every cell is cleaned. */
export function printTable(
  io: CliIo,
  headers: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): void {
  const cells = [headers.map(String), ...rows.map((row) => row.map(clean))];
  const widths = headers.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? "").length)),
  );
  for (const row of cells) {
    const line = row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
    io.stdout.write(`${line.trimEnd()}\n`);
  }
}

/**
 * Reports a failure as one stderr line and returns the exit code: a `KindeKeysError` keeps its code
 * (a 404 from a management call means the key id is unknown: exit 1), a {@link CliError} its own,
 * anything else is `INTERNAL`.
 */
export function reportError(io: CliIo, error: unknown): ExitCode {
  let code: string;
  let exitCode: ExitCode = EXIT.error;
  if (error instanceof CliError) {
    code = error.code;
    exitCode = error.exitCode;
  } else if (isKindeKeysError(error)) {
    code = error.code;
    if (error.status === 404) exitCode = EXIT.invalid;
  } else {
    code = "INTERNAL";
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`kinde-keys: ${code}: ${clean(message)}\n`);
  return exitCode;
}

/**
 * Prints a key that was just created or rotated: the one time its secret is shown. In human mode
 * the secret is alone on its own stdout line and the reminder goes to stderr, so
 * `kinde-keys create … | tail -1` or `--json | jq -r .key` capture it cleanly.
 */
export function printIssuedKey(
  io: CliIo,
  issued: { readonly id: string; readonly key: string },
  json: boolean | undefined,
  extra: Readonly<Record<string, string>> = {},
): void {
  if (json) {
    printJson(io, { id: issued.id, ...extra, key: issued.key });
    return;
  }
  printFields(io, [["id", issued.id], ...Object.entries(extra), ["key", issued.key]]);
  io.stderr.write("Store the key now: Kinde shows it only this once.\n");
}
