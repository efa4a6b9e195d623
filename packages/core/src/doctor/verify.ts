/**
 * @module doctor/verify
 * Verifying a well-formed dummy key. Any verdict on the key (valid or not) proves the route exists
 * and the M2M application holds `read:api_keys`; otherwise the status says what is wrong.
 */
import type { KyInstance } from "ky";
import { readErrorBody } from "../kinde/error-body.ts";
import type { SetupCheck } from "./index.ts";
import { ask } from "./request.ts";

/** Well-formed, and no key Kinde issues: `k_live_` and 32 zeros. */
const DUMMY_KEY = `k_live_${"0".repeat(32)}`;
const NAME = "verify";

/** `POST /api/v1/api_keys/verify` with {@link DUMMY_KEY}. */
export async function checkVerify(
  http: KyInstance,
  token: string,
  origin: string,
  signal: AbortSignal | undefined,
): Promise<SetupCheck> {
  const answer = await ask(http, "post", "api/v1/api_keys/verify", token, signal, {
    api_key: DUMMY_KEY,
  });
  if ("failure" in answer) {
    return { name: NAME, ok: false, detail: answer.failure, hint: "Kinde did not answer verify" };
  }
  const { status, body } = answer;
  if (status === 200 || namesApiKey(body)) {
    return {
      name: NAME,
      ok: true,
      detail: `Kinde gave a verdict on a dummy key (${status}): the route and read:api_keys work`,
    };
  }
  if (status === 403) {
    return {
      name: NAME,
      ok: false,
      detail: "Kinde refused verify (403): the M2M application lacks read:api_keys",
      hint: "authorize the M2M application for the Kinde Management API with read:api_keys",
    };
  }
  if (status === 404) {
    return {
      name: NAME,
      ok: false,
      detail: `route not found at ${origin} (404)`,
      hint: "wrong Kinde domain, or API keys not enabled: they need a Kinde plan that includes them",
    };
  }
  if (status === 401) {
    return {
      name: NAME,
      ok: false,
      detail: "Kinde refused the M2M token (401)",
      hint: "the token's audience must be <origin>/api (the `audience` option)",
    };
  }
  return { name: NAME, ok: false, detail: `Kinde answered ${status}`, hint: "try again later" };
}

/**
 * Whether Kinde's error body is about the API key (a code such as `API_KEY_NOT_FOUND`, or a message
 * such as "API key not found"), i.e. a key verdict. "Missing scope read:api_keys" is not.
 */
function namesApiKey(body: unknown): boolean {
  return readErrorBody(body).entries.some(
    ({ code, message }) => /api_key/i.test(code ?? "") || /\bapi key\b/i.test(message ?? ""),
  );
}
