/**
 * @module token-endpoint
 * `POST /oauth2/token`: the client-credentials grant Kinde's M2M applications use (RFC 6749 §4.4).
 * Errors use the OAuth shape `{ error, error_description }` (RFC 6749 §5.2), not Kinde's
 * `{ errors: [...] }`, because that is what Kinde's token endpoint sends.
 */

import { jsonResponse, oauthError } from "./responses.ts";
import type { TokenIssuer } from "./tokens.ts";

/** What the token endpoint needs from the fake. */
export interface TokenEndpointConfig {
  /** The fake's origin; the only accepted `audience` is `${origin}/api`. */
  origin: string;
  /** The only client id accepted. */
  clientId: string;
  /** The only client secret accepted. */
  clientSecret: string;
  /** Scopes the M2M application holds; a token gets all of them unless it asks for fewer. */
  clientScopes: readonly string[];
  /** `expires_in` of issued tokens. */
  tokenTtlSeconds: number;
  /** Where issued tokens are recorded. */
  tokens: TokenIssuer;
}

/**
 * Client credentials from HTTP Basic (RFC 6749 §2.3.1). Kinde's SDKs send them in the body, but
 * OAuth servers must accept Basic too, so a client using it should not fail only against the fake.
 */
function basicCredentials(header: string | null): { id: string; secret: string } | undefined {
  const encoded = /^Basic[ \t]+(\S+)$/i.exec(header ?? "")?.[1];
  if (encoded === undefined) return undefined;
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // §2.3.1: both parts are form-urlencoded before being joined.
  const decode = (part: string): string => decodeURIComponent(part.replaceAll("+", " "));
  try {
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Answers a token request.
 *
 * @example
 * ```ts
 * await handleTokenRequest(
 *   new Request(`${origin}/oauth2/token`, {
 *     method: "POST",
 *     body: new URLSearchParams({ grant_type: "client_credentials", client_id, client_secret, audience: `${origin}/api` }),
 *   }),
 *   config,
 * ); // 200 { access_token, token_type: "Bearer", expires_in, scope }
 * ```
 */
export async function handleTokenRequest(
  request: Request,
  config: TokenEndpointConfig,
): Promise<Response> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return oauthError(
      400,
      "invalid_request",
      "The token request must be application/x-www-form-urlencoded",
    );
  }
  const form = new URLSearchParams(await request.text());

  const grantType = form.get("grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "Missing grant_type");

  const basic = basicCredentials(request.headers.get("authorization"));
  const clientId = form.get("client_id") ?? basic?.id;
  const clientSecret = form.get("client_secret") ?? basic?.secret;
  if (clientId !== config.clientId || clientSecret !== config.clientSecret) {
    return oauthError(401, "invalid_client", "Client authentication failed");
  }

  if (grantType !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", `Grant type ${grantType} is not supported`);
  }

  const audience = form.get("audience");
  if (audience !== null && audience !== `${config.origin}/api`) {
    return oauthError(400, "invalid_request", `Unknown audience ${audience}`);
  }

  // RFC 6749 §3.3: `scope` may narrow the grant; asking beyond what the app holds is an error.
  const requested = form.get("scope")?.split(" ").filter(Boolean);
  const scopes = requested?.length ? requested : [...config.clientScopes];
  const missing = scopes.find((scope) => !config.clientScopes.includes(scope));
  if (missing !== undefined) {
    return oauthError(400, "invalid_scope", `The application does not hold scope ${missing}`);
  }

  const accessToken = config.tokens.issue({
    origin: config.origin,
    clientId: config.clientId,
    scopes,
    ttlSeconds: config.tokenTtlSeconds,
  });
  return jsonResponse(
    {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: config.tokenTtlSeconds,
      scope: scopes.join(" "),
    },
    200,
    { "cache-control": "no-store" },
  );
}
