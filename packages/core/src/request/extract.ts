/**
 * @module request/extract
 * Reading the API key from request headers, per RFC 6750 §2.1 (`Authorization: Bearer <b64token>`)
 * or from headers of the application's choosing such as `x-api-key`, or several of them. Every
 * refusal says what was expected and where it was looked for; the messages are written once per
 * route, when the options are resolved, never per request.
 */
import { isWellFormedApiKey } from "../key-format.ts";
import type { HeadersInput } from "../types.ts";

/** Where to look for the key. */
export interface ExtractOptions {
  /**
   * Header that carries the key, case-insensitive, or a list of them (e.g.
   * `["authorization", "x-api-key"]`, for clients that send either). Every header of a list that is
   * present must be well formed, and all present must carry the same key.
   * @default "authorization"
   */
  header?: string | readonly string[];
  /**
   * Auth scheme expected before the key, matched case-insensitively (RFC 9110 §11.1). `false` means
   * the header holds the bare key. With a list of headers it applies to `authorization`; the other
   * headers hold the bare key.
   * @default "Bearer" for the `authorization` header, `false` for any other header
   */
  scheme?: string | false;
  /**
   * `false` lets a request without credentials through with no key (optional authentication);
   * credentials that are present but malformed or refused are still refused. A route that needs a
   * key for some requests adds `requireScopes` or checks for the key itself.
   * @default true
   */
  required?: boolean;
}

/** The outcome of {@link extractApiKey}. */
export type ExtractResult =
  | { readonly ok: true; readonly apiKey: string }
  | {
      readonly ok: false;
      readonly reason: "missing" | "malformed";
      /** What was expected and where it was looked for, for the refusal's body. */
      readonly message: string;
    };

/**
 * Extracts an API key from request headers. The options are normalised on every call (header name
 * and scheme are case-insensitive however they are written); the request pipeline resolves them
 * once and calls {@link extractWith} instead.
 *
 * - no header, or an empty one → `missing` (answered 401 with a bare challenge);
 * - a header that is not `<scheme> <b64token>` (wrong scheme, no token, extra parts, bad characters,
 *   over 512 characters, repeated header), or two headers of a list carrying different keys →
 *   `malformed` (answered 400 `invalid_request`).
 *
 * @example
 * ```ts
 * extractApiKey(request.headers);                                      // Authorization: Bearer …
 * extractApiKey(request.headers, { header: "x-api-key" });             // x-api-key: …
 * extractApiKey(request.headers, { header: ["authorization", "x-api-key"] }); // either
 * ```
 */
export function extractApiKey(headers: HeadersInput, options: ExtractOptions = {}): ExtractResult {
  return extractWith(headers, resolveExtractOptions(options));
}

/** One header to read, resolved: lower-case name and scheme, and its refusal. */
interface ResolvedHeader {
  readonly name: string;
  readonly scheme: string | false;
  /** The header line a client should send, for messages. */
  readonly expected: string;
  readonly malformed: ExtractResult;
}

/** {@link ExtractOptions} after defaults and checks, with every refusal written out. */
export interface ResolvedExtractOptions {
  /** The header names to read, lower-case, in the order given. */
  readonly names: readonly string[];
  readonly headers: readonly ResolvedHeader[];
  readonly required: boolean;
  readonly missing: ExtractResult;
  readonly conflict: ExtractResult;
}

/**
 * Normalises and checks {@link ExtractOptions}; the pipeline calls it once per middleware.
 *
 * @throws {TypeError} for an empty or repeated header list, or a header or scheme that is not a
 * non-empty string
 */
export function resolveExtractOptions(options: ExtractOptions = {}): ResolvedExtractOptions {
  const given = options.header ?? "authorization";
  const list: readonly unknown[] = typeof given === "string" ? [given] : given;
  if (!Array.isArray(list) || list.length === 0)
    throw new TypeError("`header` must be a header name or a non-empty list of them");
  const scheme = options.scheme;
  if (scheme !== undefined && scheme !== false && !isName(scheme))
    throw new TypeError("`scheme` must be a non-empty string or false");
  if (options.required !== undefined && typeof options.required !== "boolean")
    throw new TypeError("`required` must be true or false");
  const headers = list.map((name) => {
    if (!isName(name)) throw new TypeError("`header` names must be non-empty strings");
    const lower = name.toLowerCase();
    const own = list.length === 1 || lower === "authorization" ? scheme : false;
    return resolveHeader(lower, own ?? (lower === "authorization" ? "Bearer" : false));
  });
  const names = headers.map((header) => header.name);
  if (new Set(names).size !== names.length) throw new TypeError("`header` lists a name twice");
  const where = joined(names.map(label), "or");
  const expected = joined(
    headers.map((header) => header.expected),
    "or",
  );
  return {
    names,
    headers,
    required: options.required ?? true,
    missing: refusal("missing", `No API key in ${where}. Expected ${expected}`),
    conflict: refusal(
      "malformed",
      `Different API keys in ${joined(names.map(label), "and")}. Expected one API key`,
    ),
  };
}

/**
 * {@link extractApiKey} with options already passed through {@link resolveExtractOptions}, for the
 * request pipeline, which must not redo that work per request.
 */
export function extractWith(headers: HeadersInput, options: ResolvedExtractOptions): ExtractResult {
  let found: string | undefined;
  for (const header of options.headers) {
    const apiKey = readKey(readHeader(headers, header.name), header.scheme);
    if (apiKey === MALFORMED) return header.malformed;
    if (apiKey === undefined) continue;
    // Two different keys are ambiguous, whichever header is listed first: refuse rather than pick.
    if (found !== undefined && found !== apiKey) return options.conflict;
    found = apiKey;
  }
  return found === undefined ? options.missing : { ok: true, apiKey: found };
}

const MALFORMED = Symbol("malformed");

/** The key in one header's value: `undefined` when absent or empty, {@link MALFORMED} when bad. */
function readKey(raw: unknown, scheme: string | false): string | typeof MALFORMED | undefined {
  let value = raw;
  if (Array.isArray(value)) {
    // The same header twice is ambiguous: refuse rather than pick one.
    if (value.length > 1) return MALFORMED;
    value = value[0];
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return MALFORMED;
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  if (scheme === false) return isWellFormedApiKey(trimmed) ? trimmed : MALFORMED;
  const space = trimmed.indexOf(" ");
  if (space !== scheme.length || !startsWithScheme(trimmed, scheme)) return MALFORMED;
  // RFC 6750 §2.1: `Bearer 1*SP b64token`; only spaces may separate the scheme from the token.
  let start = space + 1;
  while (trimmed.charCodeAt(start) === SPACE) start++;
  const token = trimmed.slice(start);
  return isWellFormedApiKey(token) ? token : MALFORMED;
}

const SPACE = 0x20;

/**
 * Whether `value` starts with `scheme` (lower case) in any letter case, as RFC 9110 §11.1 compares
 * auth schemes. Compared in place: this runs on every request, and lower-casing a copy allocates.
 */
function startsWithScheme(value: string, scheme: string): boolean {
  for (let i = 0; i < scheme.length; i++) {
    const code = value.charCodeAt(i);
    // ASCII upper case to lower case; beyond ASCII (no auth scheme, but an option may say so),
    // the general comparison.
    if (code > 0x7f) return value.slice(0, scheme.length).toLowerCase() === scheme;
    const lower = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
    if (lower !== scheme.charCodeAt(i)) return false;
  }
  return true;
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

function resolveHeader(name: string, scheme: string | false): ResolvedHeader {
  const expected = expectedForm(name, scheme);
  return {
    name,
    scheme: scheme === false ? false : scheme.toLowerCase(),
    expected,
    malformed: refusal(
      "malformed",
      `Malformed ${label(name)} header. Expected a single ${expected}`,
    ),
  };
}

function refusal(reason: "missing" | "malformed", message: string): ExtractResult {
  return Object.freeze({ ok: false, reason, message });
}

function isName(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** How a header is named in messages: `Authorization` as RFC 9110 spells it, others as given. */
function label(name: string): string {
  return name === "authorization" ? "Authorization" : name;
}

/** The header line a client should send, e.g. `"Authorization: Bearer <api key>"`. */
function expectedForm(name: string, scheme: string | false): string {
  return `"${label(name)}: ${scheme === false ? "" : `${scheme} `}<api key>"`;
}

/** `a`, `a or b`, `a, b or c` (or `and`). */
function joined(items: readonly string[], word: "or" | "and"): string {
  return items.length === 1
    ? (items[0] as string)
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}
