/**
 * @module audit/logger-sink
 * A ready audit sink: one pino-style line per request, `logger.info(event, "kinde-keys: request")`.
 * The event is the object, so a JSON logger writes each field as its own key.
 */
import type { Logger } from "../types.ts";
import type { AuditSink } from "./event.ts";

/** Options of {@link auditLogger}. */
export interface AuditLoggerOptions {
  /**
   * The level to write at.
   * @default "info"
   */
  level?: "debug" | "info" | "warn";
  /**
   * The message of every line.
   * @default "kinde-keys: request"
   */
  message?: string;
}

/**
 * An audit sink writing each event to a pino-compatible logger (console works too).
 *
 * @throws {TypeError} when the logger has no method for `level`
 * @example
 * ```ts
 * app.use(kindeApiKey({ audit: auditLogger(pino()) }));
 * // {"level":30,"timestamp":"…","method":"GET","route":"/reports","status":200,"outcome":"allowed",…}
 * ```
 */
export function auditLogger(logger: Logger, options: AuditLoggerOptions = {}): AuditSink {
  const level = options.level ?? "info";
  const message = options.message ?? "kinde-keys: request";
  const write = logger?.[level];
  if (typeof write !== "function") {
    throw new TypeError(`auditLogger: the logger has no \`${level}\` method.`);
  }
  return (event) => {
    write.call(logger, { ...event }, message);
  };
}
