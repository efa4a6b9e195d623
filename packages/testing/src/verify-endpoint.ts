/**
 * @module verify-endpoint
 * `POST /api/v1/api_keys/verify`: the call every protected request of a user's API ends up making.
 * Kinde does not document how it answers a key it does not know, so the fake can answer each
 * plausible way ({@link UnknownKeyAnswer}). An SDK must read each answer that names the key as
 * "invalid key", and must not fetch a new M2M token for each bare 401.
 */

import type { KeysStore } from "./keys-store.ts";
import { formatKindeTimestamp } from "./kinde-time.ts";
import { readJsonObject } from "./request-body.ts";
import { jsonResponse, kindeError } from "./responses.ts";

/**
 * How verify answers a key the fake does not know (never issued, rotated away, removed):
 *
 * - `"is-valid-false"`: 200 `{ code: "API_KEY_INVALID", message: "Invalid API key", is_valid: false }`
 * - `"error-400"`: 400 `{ errors: [{ code: "API_KEY_INVALID", message: "Invalid API key" }] }`
 * - `"error-404"`: 404 `{ errors: [{ code: "API_KEY_NOT_FOUND", message: "API key not found" }] }`
 * - `"error-401"`: 401 `{ errors: [{ code: "API_KEY_INVALID", message: "Invalid API key" }] }`
 * - `"bare-401"`: 401 with no body: it names neither the key nor the token, so a client cannot
 *   tell it from a refused M2M token (a client that fetches a new token for each one mints a token
 *   per junk key)
 */
export type UnknownKeyAnswer =
  | "is-valid-false"
  | "error-400"
  | "error-404"
  | "error-401"
  | "bare-401";

/**
 * Answers a verify call whose token and scope were already checked.
 *
 * A known key answers 200 with its status, scopes and owner. Only an active key is valid, and
 * only verifying an active key counts: it bumps `verification_count` and sets the time reported
 * as `last_verified_on` by the *next* verification (so the first one reports `null`).
 *
 * @example
 * ```ts
 * await handleVerifyRequest(request, store, "is-valid-false");
 * // 200 { code: "API_KEY_VERIFIED", is_valid: true, key_id, status: "active", scopes, … }
 * ```
 */
export async function handleVerifyRequest(
  request: Request,
  store: KeysStore,
  unknownKeyAnswer: UnknownKeyAnswer,
): Promise<Response> {
  const body = await readJsonObject(request);
  if (typeof body?.api_key !== "string") {
    return kindeError(400, "INVALID_REQUEST", "api_key is required and must be a string");
  }

  const stored = store.findBySecret(body.api_key);
  if (!stored) {
    switch (unknownKeyAnswer) {
      case "error-400":
        return kindeError(400, "API_KEY_INVALID", "Invalid API key");
      case "error-404":
        return kindeError(404, "API_KEY_NOT_FOUND", "API key not found");
      case "error-401":
        return kindeError(401, "API_KEY_INVALID", "Invalid API key");
      case "bare-401":
        return new Response(null, { status: 401 });
      default:
        return jsonResponse({
          code: "API_KEY_INVALID",
          message: "Invalid API key",
          is_valid: false,
        });
    }
  }

  const isValid = stored.status === "active";
  const lastVerifiedAt = stored.lastVerifiedAt;
  if (isValid) {
    stored.verificationCount += 1;
    stored.lastVerifiedAt = Date.now();
  }
  return jsonResponse({
    code: isValid ? "API_KEY_VERIFIED" : "API_KEY_INVALID",
    message: isValid ? "API key verified" : "Invalid API key",
    is_valid: isValid,
    key_id: stored.id,
    status: stored.status,
    scopes: [...stored.scopes],
    org_code: stored.orgCode,
    user_id: stored.userId,
    last_verified_on: lastVerifiedAt === null ? null : formatKindeTimestamp(lastVerifiedAt),
    verification_count: stored.verificationCount,
  });
}
