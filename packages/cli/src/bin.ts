#!/usr/bin/env node
/**
 * @module bin
 * The `kinde-keys` executable. The exit code is set, not forced, so pending output is flushed
 * before the process ends. The program is loaded inside `try`: a broken install must exit 2
 * (error), never Node's default 1, which scripts would read as "invalid key".
 */
try {
  const { run } = await import("./program.ts");
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kinde-keys: INTERNAL: ${message.replace(/\s+/g, " ")}\n`);
  process.exitCode = 2;
}

export {};
