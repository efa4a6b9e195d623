/**
 * @module key-format
 * The local shape check a key must pass before it is sent to Kinde. Kinde's docs advise checking the
 * format first: garbage never costs a network call, and oversized or binary input never reaches a
 * log, a cache or Kinde.
 */

/** Longest key accepted, in characters. Kinde keys are far shorter; anything longer is hostile. */
export const MAX_API_KEY_LENGTH = 512;

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * True when `value` could be an API key: a non-empty RFC 6750 `b64token` of at most
 * {@link MAX_API_KEY_LENGTH} characters. Says nothing about whether Kinde knows the key.
 */
export function isWellFormedApiKey(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_API_KEY_LENGTH &&
    B64TOKEN.test(value)
  );
}
