/**
 * @module key-format
 * The local shape check a key must pass before it is sent to Kinde. Kinde's docs advise checking the
 * format first: garbage never costs a network call, and oversized or binary input never reaches a
 * log, a cache or Kinde.
 */

import { KindeKeysError } from "./errors.ts";

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

/**
 * The shape of the keys Kinde issues: `k_live_` followed by letters and digits (Kinde's docs), or
 * `kinde_` (the prefix the list endpoint's `key_prefix` example shows). Use it as `keyPattern` to
 * refuse anything else before a network call, or in a secret scanner.
 *
 * @example
 * ```ts
 * createKindeKeys({ domain: "acme.kinde.com", keyPattern: KINDE_API_KEY_PATTERN });
 * ```
 */
export const KINDE_API_KEY_PATTERN: RegExp = /^(?:k_live|kinde)_[A-Za-z0-9]+$/;

/** The `keyPattern` option: a RegExp, or a list of prefixes a key must start with. */
export type KeyPattern = RegExp | readonly string[];

/**
 * Compiles `keyPattern` to a test, once; `undefined` accepts any well-formed key. A RegExp's `g` and
 * `y` flags are dropped: they make `test` stateful, so every other call would fail.
 * @throws {KindeKeysError} `CONFIG_INVALID` for anything but a RegExp or a non-empty list of prefixes
 */
export function keyPatternTest(
  pattern: KeyPattern | undefined,
): ((apiKey: string) => boolean) | undefined {
  if (pattern === undefined) return undefined;
  if (pattern instanceof RegExp) {
    const regex = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    return (apiKey) => regex.test(apiKey);
  }
  if (
    Array.isArray(pattern) &&
    pattern.length > 0 &&
    pattern.every((p) => typeof p === "string" && p)
  ) {
    return (apiKey) => pattern.some((prefix) => apiKey.startsWith(prefix));
  }
  throw new KindeKeysError(
    "CONFIG_INVALID",
    "`keyPattern` must be a RegExp or a list of prefixes.",
  );
}
