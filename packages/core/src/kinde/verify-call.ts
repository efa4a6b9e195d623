/**
 * @module kinde/verify-call
 * The call to Kinde's verify endpoint (`POST /api/v1/api_keys/verify`) with the M2M token. Kinde
 * refusing the key is a result; anything else that fails is a thrown {@link KindeKeysError}.
 */
import type { VerifyResult } from "../types.ts";
import { isKeyRefused, type KindeCall, toKindeKeysError, VERIFY_FAILURES } from "./failures.ts";
import { toVerifyResult } from "./schemas.ts";
import { type TokenManager, withToken } from "./token.ts";
import { type HttpSettings, post, readJson } from "./transport.ts";

const VERIFY_PATH = "api/v1/api_keys/verify";
const VERIFY_CALL: KindeCall = {
  what: "Verify API key",
  kind: "verify",
  authHint: "check the client id/secret and that the application has the required scopes",
  failures: VERIFY_FAILURES,
};
const INVALID: VerifyResult = { valid: false, reason: "invalid" };

/**
 * Asks Kinde about `apiKey`.
 * @throws {KindeKeysError} when Kinde cannot answer or its answer cannot be trusted
 */
export async function askKinde(
  http: HttpSettings,
  tokens: TokenManager,
  apiKey: string,
): Promise<VerifyResult> {
  try {
    return await withToken(tokens, VERIFY_CALL, async (token) => {
      const response = await post(
        http,
        VERIFY_PATH,
        { api_key: apiKey },
        {
          headers: { authorization: `Bearer ${token}` },
          // A 429 is not retried here: the circuit breaker honours its Retry-After instead, so a
          // spray of keys while Kinde rate-limits costs one call each at most, not one per retry.
          retryRateLimited: false,
        },
      );
      return toVerifyResult(readJson(response, VERIFY_CALL.what));
    });
  } catch (error) {
    if (isKeyRefused(error)) return INVALID;
    throw toKindeKeysError(error, VERIFY_CALL);
  }
}
