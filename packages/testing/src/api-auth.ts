/**
 * @module api-auth
 * The access check in front of every `/api/v1` call: where the fake's 401s and 403s come from.
 * A missing, unknown, expired or force-expired token gets 401 `TOKEN_INVALID` (the answer that makes
 * a well-behaved client fetch a fresh token and retry once); a valid token without the call's
 * scope gets 403 `FORBIDDEN`, which a client must report as a configuration problem.
 */

import { kindeError } from "./responses.ts";
import type { TokenIssuer } from "./tokens.ts";

/** The M2M scope each Kinde API-keys (and API-scopes) call needs (Kinde's `x-scope` in the management spec). */
export const REQUIRED_SCOPES = {
  verify: "read:api_keys",
  list: "read:api_keys",
  get: "read:api_keys",
  create: "create:api_keys",
  rotate: "update:api_keys",
  delete: "delete:api_keys",
  scopes: "read:api_scopes",
} as const;

/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 6750 §2.1, RFC 7235 §2.1). */
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Checks the request's bearer token and, when `scope` is given, that the token grants it.
 *
 * @returns The error answer to send, or `undefined` when the call may proceed.
 * @example
 * ```ts
 * const denied = authorizeApiCall(request, tokens, REQUIRED_SCOPES.verify);
 * if (denied) return denied;
 * ```
 */
export function authorizeApiCall(
  request: Request,
  tokens: TokenIssuer,
  scope?: string,
): Response | undefined {
  const token = BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
  const grant = token === undefined ? undefined : tokens.check(token);
  if (!grant) {
    // RFC 6750 §3: a 401 for a bearer-protected resource carries a WWW-Authenticate challenge.
    return kindeError(401, "TOKEN_INVALID", "Invalid access token", {
      "www-authenticate": 'Bearer error="invalid_token"',
    });
  }
  if (scope !== undefined && !grant.scopes.includes(scope)) {
    return kindeError(403, "FORBIDDEN", `Missing scope ${scope}`);
  }
  return undefined;
}
