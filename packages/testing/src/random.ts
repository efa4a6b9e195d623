/**
 * @module random
 * Random values in Kinde's shapes: key ids (`api_key_` + 32 hex), key secrets (`k_live_` + 32 hex)
 * and token material. Only Web Crypto is used so the fake runs wherever MSW runs (Node, edge
 * runtimes, workers), not just on Node.
 */

/**
 * `bytes` random bytes as lowercase hex (twice as many characters).
 *
 * @example
 * ```ts
 * randomHex(16); // "9f1c…" (32 characters)
 * ```
 */
export function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = "";
  for (const byte of buffer) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A new key secret in the format Kinde's docs show: `k_live_` followed by 32 lowercase hex. */
export function generateKeySecret(): string {
  return `k_live_${randomHex(16)}`;
}

/** A new key id in Kinde's format: `api_key_` followed by 32 lowercase hex. */
export function generateKeyId(): string {
  return `api_key_${randomHex(16)}`;
}
