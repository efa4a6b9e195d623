/**
 * @module logger
 * A pino-shaped logger writing one JSON line per call, enough for the example. Swap in `pino()` as
 * it is: the SDK only calls `logger.info/warn/error(obj, msg)`.
 */
import type { Logger } from "@acme/kinde-keys-core";

type Level = "debug" | "info" | "warn" | "error";

/** One JSON line per call on stdout (debug, info) or stderr (warn, error). */
export function jsonLogger(
  write: (level: Level, line: string) => void = defaultWrite,
): Required<Logger> {
  const at = (level: Level) => (obj: Record<string, unknown>, msg?: string) => {
    write(level, JSON.stringify({ level, time: new Date().toISOString(), msg, ...obj }));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function defaultWrite(level: Level, line: string): void {
  (level === "warn" || level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
}
