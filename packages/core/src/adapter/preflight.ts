/**
 * @module adapter/preflight
 * CORS preflights pass through every adapter untouched by default: a browser sends an `OPTIONS`
 * request with `Access-Control-Request-Method` before a cross-origin call and never puts
 * credentials on it (Fetch standard, "CORS-preflight request"), so refusing it would break every
 * browser client, and letting it through exposes nothing: the real request is checked as usual.
 */
import type { HeadersInput } from "../types.ts";
import type { RequestAccess } from "./gate.ts";

const PREFLIGHT_HEADER = ["access-control-request-method"] as const;

/**
 * The per-request preflight test of one middleware, or `undefined` when preflights are checked like
 * any request (`passPreflight: false`). Only an `OPTIONS` request reads a header, so every other
 * request pays for one string comparison.
 *
 * @throws {TypeError} when `passPreflight` is not a boolean
 */
export function preflightCheck<Context, Extra>(
  options: { passPreflight?: boolean },
  access: Pick<RequestAccess<Context, Extra>, "method" | "headers">,
): ((context: Context, extra: Extra) => boolean) | undefined {
  const pass = options.passPreflight ?? true;
  if (typeof pass !== "boolean") throw new TypeError("`passPreflight` must be true or false");
  if (!pass) return undefined;
  return (context, extra) =>
    access.method(context, extra) === "OPTIONS" &&
    hasValue(access.headers(PREFLIGHT_HEADER, context, extra), PREFLIGHT_HEADER[0]);
}

function hasValue(headers: HeadersInput, name: string): boolean {
  if (typeof (headers as Headers).get === "function")
    return (headers as Headers).get(name) !== null;
  const record = headers as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name && record[key] !== undefined) return true;
  }
  return false;
}
