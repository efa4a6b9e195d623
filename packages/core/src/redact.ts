/**
 * @module redact
 * A log-safe hint of a key. Kinde shows keys as a prefix plus a suffix in its own dashboard, so the
 * same hint lets operators correlate a log line with a key without the log holding the secret.
 */

// A type-like prefix such as `k_live_` or `kinde_`: short letters-and-underscore segments only.
const PREFIX = /^(?:[A-Za-z]{1,8}_){1,2}/;
// Below this length a 4-character suffix would reveal too much of the key.
const MIN_LENGTH_FOR_SUFFIX = 16;

/**
 * A redacted form of an API key for logs: `k_live_…abcd` (prefix and last four characters).
 * Short or odd inputs give `…` alone; non-strings give `[none]`.
 *
 * @example
 * ```ts
 * redactKey("k_live_3f9a0c1b2d4e5f60718293a4b5c6abcd"); // "k_live_…abcd"
 * ```
 */
export function redactKey(apiKey: unknown): string {
  if (typeof apiKey !== "string" || apiKey.length === 0) return "[none]";
  if (apiKey.length < MIN_LENGTH_FOR_SUFFIX) return "…";
  const prefix = PREFIX.exec(apiKey)?.[0] ?? "";
  // A prefix that would leave fewer than 12 hidden characters is not shown either.
  const shownPrefix = apiKey.length - prefix.length - 4 >= 12 ? prefix : "";
  return `${shownPrefix}…${apiKey.slice(-4)}`;
}
