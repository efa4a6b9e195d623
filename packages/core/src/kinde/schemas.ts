/**
 * @module kinde/schemas
 * What Kinde's answers must look like before they are trusted, with `zod/mini` (a full `zod` import
 * would add ~90 KiB to an edge bundle). Tolerant where Kinde is loose: unknown fields, `null`s, and
 * the documented non-ISO `last_verified_on`. Strict where trust depends on it: `is_valid` is a
 * boolean, `scopes` strings, the owner fields strings or null.
 */
import * as z from "zod/mini";
import { KindeKeysError } from "../errors.ts";
import type { KeyOwner, VerifiedApiKey, VerifyResult } from "../types.ts";

const optionalString = z.optional(z.nullable(z.string()));

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
  scopes: z.optional(z.nullable(z.array(z.string()))),
  org_code: optionalString,
  user_id: optionalString,
  last_verified_on: z.optional(z.unknown()),
  verification_count: z.optional(z.unknown()),
});

/** Kinde's error body: `{ errors: [{ code, message }] }`, or OAuth's `{ error, error_description }`. */
export const errorResponseSchema = z.object({
  errors: z.optional(
    z.nullable(z.array(z.object({ code: optionalString, message: optionalString }))),
  ),
  error: optionalString,
});

/** The error codes in a Kinde error body, whatever its shape; empty when there are none. */
export function errorCodes(body: unknown): string[] {
  const parsed = errorResponseSchema.safeParse(body);
  if (!parsed.success) return [];
  const codes: string[] = [];
  for (const entry of parsed.data.errors ?? []) if (entry.code) codes.push(entry.code);
  if (parsed.data.error) codes.push(parsed.data.error);
  return codes;
}

// A time followed by `+hh` or `+hhmm` at the very end, e.g. `T13:32:03+11`.
const OFFSET_WITHOUT_COLON = /(T[\d:.]+[+-]\d{2})(\d{2})?$/;

/**
 * Kinde documents `last_verified_on` as `2024-11-18T13:32:03+11` (an offset without minutes), which
 * strict ISO parsers reject. Normalise the offset, then parse; anything unreadable becomes `null`
 * because the field is informational.
 */
export function normaliseTimestamp(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  const fixed = value.replace(
    OFFSET_WITHOUT_COLON,
    (_, head: string, minutes?: string) => `${head}:${minutes ?? "00"}`,
  );
  const time = Date.parse(fixed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}

function ownerOf(orgCode: string | null, userId: string | null): KeyOwner {
  // Organization wins when both are present, as in Kinde's own samples.
  if (orgCode) return { type: "organization", orgCode };
  if (userId) return { type: "user", userId };
  return { type: "environment" };
}

function badResponse(message: string): KindeKeysError {
  return new KindeKeysError("KINDE_BAD_RESPONSE", `Verify API key: ${message}`, { status: 200 });
}

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
  const count = data.verification_count;
  const key: VerifiedApiKey = {
    keyId: data.key_id,
    scopes: data.scopes ?? [],
    owner: ownerOf(orgCode, userId),
    orgCode,
    userId,
    lastVerifiedOn: normaliseTimestamp(data.last_verified_on),
    verificationCount: typeof count === "number" && Number.isFinite(count) ? count : null,
  };
  return { valid: true, key };
}
