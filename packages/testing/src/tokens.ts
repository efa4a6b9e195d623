/**
 * @module tokens
 * M2M access tokens: issuing them, checking them on every `/api/v1` call, and forgetting them.
 * Tokens are JWT-shaped like Kinde's (the payload carries `aud`, `exp`, `scp`, `gty`), but the
 * signature is random bytes: nothing should validate them except the fake itself, which looks them
 * up in memory. Expiry uses `Date.now()` so vitest's fake timers can move tokens past their
 * lifetime.
 */

import { randomHex } from "./random.ts";

/** What the fake remembers about a token it issued. */
export interface IssuedToken {
  /** Scopes granted to the token. */
  readonly scopes: readonly string[];
  /** Epoch milliseconds after which the token is refused. */
  readonly expiresAt: number;
}

/** What {@link TokenIssuer.issue} needs to mint a token. */
export interface TokenClaims {
  /** The fake's origin; used as `iss`, and `${origin}/api` as `aud`. */
  origin: string;
  /** The M2M application's client id (`azp`). */
  clientId: string;
  /** Granted scopes (`scp`). */
  scopes: readonly string[];
  /** Lifetime in seconds (`expires_in`). */
  ttlSeconds: number;
}

/** base64url of a UTF-8 string, with Web APIs only (RFC 4648 §5, no padding as in JWS). */
function base64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Issues and checks access tokens.
 *
 * @example
 * ```ts
 * const tokens = new TokenIssuer();
 * const token = tokens.issue({ origin, clientId, scopes: ["read:api_keys"], ttlSeconds: 60 });
 * tokens.check(token)?.scopes; // ["read:api_keys"]
 * ```
 */
export class TokenIssuer {
  readonly #tokens = new Map<string, IssuedToken>();

  /** Mints a token and remembers it until it expires or {@link TokenIssuer.expireAll} runs. */
  issue(claims: TokenClaims): string {
    const now = Date.now();
    const expiresAt = now + claims.ttlSeconds * 1000;
    const header = base64Url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "fake-kinde" }));
    const payload = base64Url(
      JSON.stringify({
        aud: [`${claims.origin}/api`],
        azp: claims.clientId,
        exp: Math.floor(expiresAt / 1000),
        gty: ["client_credentials"],
        iat: Math.floor(now / 1000),
        iss: claims.origin,
        jti: randomHex(16),
        scp: [...claims.scopes],
      }),
    );
    const token = `${header}.${payload}.${base64Url(randomHex(32))}`;
    this.#tokens.set(token, { scopes: [...claims.scopes], expiresAt });
    return token;
  }

  /** The token's grant if it was issued here, has not expired and was not expired by force. */
  check(token: string): IssuedToken | undefined {
    const issued = this.#tokens.get(token);
    if (!issued) return undefined;
    if (Date.now() >= issued.expiresAt) {
      this.#tokens.delete(token);
      return undefined;
    }
    return issued;
  }

  /** Forgets every token issued so far; tokens issued afterwards work as usual. */
  expireAll(): void {
    this.#tokens.clear();
  }
}
