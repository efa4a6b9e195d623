/**
 * @module kinde/schemas
 * What Kinde's answers must look like before they are trusted, with `zod/mini` (a full `zod` import
 * would add ~90 KiB to an edge bundle). Tolerant where Kinde is loose: unknown fields, `null`s, and
 * the documented non-ISO `last_verified_on`. Strict where trust depends on it: `is_valid` is a
 * boolean, `scopes` strings, the owner fields strings or null.
 */
import * as z from "zod/mini";
import type { KindeKeysError } from "../errors.ts";
import { keyOwnerFrom } from "../key-owner.ts";
import type { VerifiedApiKey, VerifyResult } from "../types.ts";
import { unusableAnswer } from "./failures.ts";
import {
  countOrNull,
  nonEmpty,
  normaliseTimestamp,
  optionalString,
  optionalStringList,
} from "./fields.ts";

/** `POST /oauth2/token` success body. */
export const tokenResponseSchema = z.object({
  // Non-empty is checked in token.ts: zod's length checks would add ~0.3 KiB gzip to every edge
  // bundle for this one field.
  access_token: z.string(),
  token_type: optionalString,
  expires_in: z.optional(z.nullable(z.number())),
});

/** `POST /api/v1/api_keys/verify` 200 body (`verify_api_key_response`). */
export const verifyResponseSchema = z.object({
  code: optionalString,
  message: optionalString,
  is_valid: z.boolean(),
  key_id: optionalString,
  status: optionalString,
  scopes: optionalStringList,
  org_code: optionalString,
  user_id: optionalString,
  last_verified_on: z.optional(z.unknown()),
  verification_count: z.optional(z.unknown()),
});

/**
 * Turns a 200 verify body into a result. A key is valid only when `is_valid === true` and
 * `status === "active"`; a body that says valid without the facts to back it is an error, never a
 * pass.
 * @throws {KindeKeysError} `KINDE_BAD_RESPONSE`
 */
export function toVerifyResult(body: unknown): VerifyResult {
  const parsed = verifyResponseSchema.safeParse(body);
  if (!parsed.success) throw badResponse("the answer does not match Kinde's schema.");
  const data = parsed.data;
  if (data.status === "revoked") return { valid: false, reason: "revoked" };
  if (!data.is_valid) {
    return { valid: false, reason: data.status === "inactive" ? "inactive" : "invalid" };
  }
  if (data.status !== "active") {
    if (data.status === undefined || data.status === null) {
      throw badResponse("`is_valid` is true but the key has no status.");
    }
    // A status this SDK does not know yet is not "active": refuse the key.
    return { valid: false, reason: "inactive" };
  }
  if (!data.key_id) throw badResponse("`is_valid` is true but `key_id` is missing.");
  const orgCode = nonEmpty(data.org_code);
  const userId = nonEmpty(data.user_id);
  // Frozen deeply, once, here: the cache hands this same object to every later request, so one
  // handler must not be able to change what the next one is granted.
  const key: VerifiedApiKey = Object.freeze({
    keyId: data.key_id,
    scopes: Object.freeze(data.scopes ?? []),
    owner: Object.freeze(keyOwnerFrom(orgCode, userId)),
    orgCode,
    userId,
    lastVerifiedOn: normaliseTimestamp(data.last_verified_on),
    verificationCount: countOrNull(data.verification_count),
  });
  return Object.freeze({ valid: true, key });
}

function badResponse(detail: string): KindeKeysError {
  return unusableAnswer("Verify API key", detail, 200);
}
