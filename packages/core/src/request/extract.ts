/**
 * @module request/extract
 * Reading the API key from request headers, per RFC 6750 §2.1 (`Authorization: Bearer <b64token>`)
 * or from a header of the application's choosing such as `x-api-key`.
 */
import { isWellFormedApiKey } from "../key-format.ts";
import type { HeadersInput } from "../types.ts";

/** Where to look for the key. */
export interface ExtractOptions {
  /**
   * Header that carries the key, case-insensitive.
   * @default "authorization"
   */
  header?: string;
  /**
   * Auth scheme expected before the key, matched case-insensitively (RFC 9110 §11.1). `false` means
   * the header holds the bare key.
   * @default "Bearer" for the `authorization` header, `false` for any other header
   */
  scheme?: string | false;
}

/** The outcome of {@link extractApiKey}. */
export type ExtractResult =
  | { readonly ok: true; readonly apiKey: string }
  | { readonly ok: false; readonly reason: "missing" | "malformed" };

/**
 * Extracts an API key from request headers. The options are normalised on every call (header name
 * and scheme are case-insensitive however they are written); the request pipeline resolves them
 * once and calls {@link extractWith} instead.
 *
 * - no header, or an empty one → `missing` (answered 401 with a bare challenge);
 * - a header that is not `<scheme> <b64token>` (wrong scheme, no token, extra parts, bad characters,
 *   over 512 characters, repeated header) → `malformed` (answered 400 `invalid_request`).
 *
 * @example
 * ```ts
 * extractApiKey(request.headers);                         // Authorization: Bearer …
 * extractApiKey(req.headers, { header: "x-api-key" });    // x-api-key: …
 * ```
 */
export function extractApiKey(headers: HeadersInput, options: ExtractOptions = {}): ExtractResult {
  return extractWith(headers, resolveExtractOptions(options));
}

/** {@link ExtractOptions} after defaults, with the header name and scheme lower-cased. */
export interface ResolvedExtractOptions {
  readonly header: string;
  readonly scheme: string | false;
}

/** Normalises {@link ExtractOptions}; the pipeline calls it once per middleware. */
export function resolveExtractOptions(options: ExtractOptions = {}): ResolvedExtractOptions {
  const header = (options.header ?? "authorization").toLowerCase();
  const scheme = options.scheme ?? (header === "authorization" ? "Bearer" : false);
  return { header, scheme: scheme === false ? false : scheme.toLowerCase() };
}

const MISSING: ExtractResult = { ok: false, reason: "missing" };
const MALFORMED: ExtractResult = { ok: false, reason: "malformed" };

/**
 * {@link extractApiKey} with options already passed through {@link resolveExtractOptions}, for the
 * request pipeline, which must not redo that work per request.
 */
export function extractWith(
  headers: HeadersInput,
  { header, scheme }: ResolvedExtractOptions,
): ExtractResult {
  let value = readHeader(headers, header);
  if (Array.isArray(value)) {
    // The same header twice is ambiguous: refuse rather than pick one.
    if (value.length > 1) return MALFORMED;
    value = value[0];
  }
  if (value === undefined || value === null) return MISSING;
  if (typeof value !== "string") return MALFORMED;
  const trimmed = value.trim();
  if (trimmed.length === 0) return MISSING;
  if (scheme === false)
    return isWellFormedApiKey(trimmed) ? { ok: true, apiKey: trimmed } : MALFORMED;
  const space = trimmed.indexOf(" ");
  if (space === -1) return MALFORMED;
  if (trimmed.slice(0, space).toLowerCase() !== scheme) return MALFORMED;
  // RFC 6750 §2.1: `Bearer 1*SP b64token`; only spaces may separate the scheme from the token.
  const token = trimmed.slice(space + 1).replace(/^ +/, "");
  return isWellFormedApiKey(token) ? { ok: true, apiKey: token } : MALFORMED;
}

/**
 * The header `name` (lower case) from either kind of headers input. A record is read by its own
 * properties only: a polluted `Object.prototype.authorization` must not read as a header.
 */
function readHeader(headers: HeadersInput, name: string): unknown {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const record = headers as Record<string, unknown>;
  const value = Object.hasOwn(record, name) ? record[name] : undefined;
  if (value !== undefined) return value;
  // Node lower-cases incoming header names, but hand-built records may not.
  for (const key of Object.keys(record)) if (key.toLowerCase() === name) return record[key];
  return undefined;
}
