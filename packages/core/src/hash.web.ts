/**
 * @module hash.web
 * SHA-256 and HMAC-SHA-256 through Web Crypto, the default for edge runtimes (Cloudflare Workers,
 * Vercel Edge) that have no `node:crypto`. Asynchronous there, which costs nothing extra on those
 * runtimes.
 */

const encoder = new TextEncoder();
const { subtle } = crypto;

/** SHA-256 of `input` as base64url. */
export async function sha256(input: string): Promise<string> {
  return base64url(await subtle.digest("SHA-256", encoder.encode(input)));
}

/** HMAC-SHA-256 under `key`, as base64url; the key is imported once, on first use. */
export function macWith(key: string): (data: string) => string | Promise<string> {
  let imported: Promise<CryptoKey> | undefined;
  return async (data) => {
    imported ??= subtle.importKey(
      "raw",
      encoder.encode(key),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return base64url(await subtle.sign("HMAC", await imported, encoder.encode(data)));
  };
}

function base64url(digest: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
