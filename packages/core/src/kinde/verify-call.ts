/**
 * @module kinde/verify-call
 * The call to Kinde's verify endpoint (`POST /api/v1/api_keys/verify`) with the M2M token. Kinde
 * refusing the key is a result; anything else that fails is a thrown {@link KindeKeysError}.
 */
import { isHTTPError, type KyInstance } from "ky";
import type { VerifyResult } from "../types.ts";
import { isKeyRefused, type KindeCall, toKindeKeysError, VERIFY_FAILURES } from "./failures.ts";
import { toVerifyResult } from "./schemas.ts";
import { type TokenManager, withToken } from "./token.ts";
import { readJson } from "./transport.ts";

const VERIFY_PATH = "api/v1/api_keys/verify";
const VERIFY_CALL: KindeCall = {
  what: "Verify API key",
  kind: "verify",
  authHint: "check the client id/secret and that the application has the required scopes",
  failures: VERIFY_FAILURES,
};
// A 429 is not retried here: the circuit breaker honours its Retry-After instead, so a spray of
// keys while Kinde rate-limits costs one call each at most, not one per retry.
// (`undefined` leaves every other answer to the client's retry settings.)
const NO_429_RETRY = {
  shouldRetry: ({ error }: { error: Error }) =>
    isHTTPError(error) && error.response.status === 429 ? false : undefined,
};
const INVALID: VerifyResult = { valid: false, reason: "invalid" };

/**
 * Asks Kinde about `apiKey`.
 * @throws {KindeKeysError} when Kinde cannot answer or its answer cannot be trusted
 */
export async function askKinde(
  http: KyInstance,
  tokens: TokenManager,
  apiKey: string,
): Promise<VerifyResult> {
  try {
    return await withToken(tokens, VERIFY_CALL, async (token) => {
      const response = await http.post(VERIFY_PATH, {
        json: { api_key: apiKey },
        headers: { authorization: `Bearer ${token}` },
        retry: NO_429_RETRY,
      });
      return toVerifyResult(await readJson(response, VERIFY_CALL.what));
    });
  } catch (error) {
    if (isKeyRefused(error)) return INVALID;
    throw toKindeKeysError(error, VERIFY_CALL);
  }
}
