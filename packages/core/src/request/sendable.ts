/**
 * @module request/sendable
 * Checking that a refusal can be written as it is, before any adapter sees it. Core's own refusals
 * are well formed by construction, but the `onError` hook may return anything (a header with a line
 * break, a status of 0, a body `JSON.stringify` cannot encode), and a `realm` or scope name may hold
 * characters no header can carry. Node and Fetch would throw at write time, each in its own way;
 * here the check is made once, for every adapter.
 */
import type { AuthorizeDenial } from "./answers.ts";

// RFC 9110 §5.1: a field name is a token (§5.6.2).
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: visible characters, spaces and tabs; obs-text (0x80-0xFF) is what Node and Fetch
// `Headers` still accept. No CR, LF, NUL or other control character.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Fields about the connection or the message's framing (RFC 9110 §7.6.1, RFC 9112 §6): the server
// writes these, and a value chosen by a hook would break the response or the connection.
const SERVER_FIELDS =
  /^(connection|content-length|keep-alive|proxy-connection|te|trailer|transfer-encoding|upgrade)$/;

/**
 * The refusal as it will be sent: an object with `ok: false`, a status among `statuses` (the
 * table's: a 2xx or 3xx refusal would read as a pass), a headers record whose names and values HTTP
 * can carry, lower-cased and trimmed as Fetch does, `content-type` JSON unless given. With
 * `checkBody`, the body must also serialise to a JSON object (core's own bodies do). One check for
 * `onError`'s results and core's own refusals, so no adapter has its own.
 *
 * @throws {TypeError} when the refusal cannot be sent as it is (the message names no value)
 */
export function sendable(
  candidate: unknown,
  statuses: ReadonlySet<number>,
  checkBody: boolean,
): AuthorizeDenial {
  const { ok: pass, status, headers: given, body } = (candidate ?? {}) as AuthorizeDenial;
  let ok =
    pass === false &&
    statuses.has(status) &&
    typeof given === "object" &&
    given !== null &&
    !Array.isArray(given) &&
    (!checkBody || JSON.stringify(body)?.[0] === "{");
  const headers: Record<string, string> = {};
  for (const [name, value] of ok ? Object.entries(given) : []) {
    const lower = name.toLowerCase();
    ok &&= FIELD_NAME.test(name) && !SERVER_FIELDS.test(lower) && isFieldValue(value);
    headers[lower] = String(value).replace(/^[\t ]+|[\t ]+$/g, "");
  }
  if (!ok) throw new TypeError("This refusal cannot be sent as it is");
  headers["content-type"] ??= "application/json; charset=utf-8";
  return { ok: false, status, headers, body };
}

function isFieldValue(value: unknown): boolean {
  return typeof value === "string" && FIELD_VALUE.test(value);
}
