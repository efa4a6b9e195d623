/**
 * @module hash.web
 * SHA-256 through Web Crypto, the default for edge runtimes (Cloudflare Workers, Vercel Edge) that
 * have no `node:crypto`. Asynchronous there, which costs nothing extra on those runtimes.
 */

const encoder = new TextEncoder();

/** SHA-256 of `input` as base64url. */
export async function sha256(input: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(input)));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
