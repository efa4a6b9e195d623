/**
 * @module logger
 * The configured logger as the SDK calls it. A logger is user code: in plain JavaScript its methods
 * may throw, return a promise that rejects, or return anything. None of that may fail a
 * verification, throw out of `verify()` synchronously, or end the process with an unhandled
 * rejection, so every call goes through {@link logSafely}; a client wraps its logger once with
 * {@link safeLogger}.
 */
import type { Logger } from "./types.ts";

type Level = keyof Logger;
const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

/**
 * `logger` with every method made safe to call (see {@link logSafely}); `undefined` without one.
 *
 * @example
 * ```ts
 * const log = safeLogger(config.logger);
 * log?.warn?.({ err: "…" }, "kinde-keys: cache store unavailable");
 * ```
 */
export function safeLogger(logger: Logger | undefined): Logger | undefined {
  if (!logger) return undefined;
  const safe: Logger = {};
  for (const level of LEVELS) safe[level] = (obj, msg) => logSafely(logger, level, obj, msg);
  return safe;
}

/**
 * The logger an option names: `console` when none is given (warnings and errors must be seen),
 * nothing with `false`.
 */
export function loggerOf(configured: Logger | false | undefined): Logger | undefined {
  return configured === false ? undefined : (configured ?? console);
}

/**
 * Writes one line: the method is looked up now and called on `logger` (pino needs its `this`); a
 * throw is swallowed, a returned promise's rejection caught.
 */
export function logSafely(
  logger: Logger | undefined,
  level: Level,
  obj: Record<string, unknown>,
  msg?: string,
): void {
  try {
    (logger?.[level]?.(obj, msg) as Promise<unknown> | undefined)?.then?.(undefined, ignore);
  } catch {
    // A broken logger loses this line; it must not break the request it describes.
  }
}

function ignore(): void {}

/** A short description of what a hook threw, for a log line: an error's message, else its type. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : `a thrown ${typeof error}`;
}
