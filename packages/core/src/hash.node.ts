/**
 * @module hash.node
 * SHA-256 and HMAC-SHA-256 through `node:crypto`, chosen by the `node` import condition (Node, Bun,
 * Deno). Synchronous: Web Crypto's `digest` hops to a thread pool and costs ~60 µs per call on Node,
 * which would halve a fast server's throughput; this costs ~1–2 µs.
 */
import * as crypto from "node:crypto";

// `crypto.hash` (Node ≥ 21.7) is a one-shot without the Hash object's allocation.
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string, encoding: "base64url") => string }
).hash;

/** SHA-256 of `input` as base64url. Synchronous on this runtime. */
export function sha256(input: string): string | Promise<string> {
  if (oneShot) return oneShot("sha256", input, "base64url");
  return crypto.createHash("sha256").update(input).digest("base64url");
}

/** HMAC-SHA-256 under `key`, as base64url; synchronous on this runtime. */
export function macWith(key: string): (data: string) => string | Promise<string> {
  return (data) => crypto.createHmac("sha256", key).update(data).digest("base64url");
}
