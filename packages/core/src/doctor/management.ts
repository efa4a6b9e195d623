/**
 * @module doctor/management
 * The key manager's M2M scopes, read from the token Kinde issued (its `scp` claim, as in Kinde's
 * access tokens) without calling anything that could change a key; and, for one API, whether its
 * scopes can be read (`read:api_scopes`, which `create` with scope names and `rollover` need).
 */
import type { KyInstance } from "ky";
import type { SetupCheck } from "./index.ts";
import { ask } from "./request.ts";

const MANAGEMENT_SCOPES = [
  "read:api_keys",
  "create:api_keys",
  "update:api_keys",
  "delete:api_keys",
  "read:api_scopes",
];
const GRANT_HINT =
  "in Kinde: Settings → Applications → your M2M application → APIs → Kinde Management API → " +
  "Manage scopes";

/** Which management scopes the token grants. */
export function checkManagementScopes(token: string): SetupCheck {
  const name = "management scopes";
  const granted = grantedScopes(token);
  if (!granted) {
    return {
      name,
      ok: false,
      detail: "the M2M token lists no scopes (no scp claim)",
      hint: GRANT_HINT,
    };
  }
  const missing = MANAGEMENT_SCOPES.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) {
    return { name, ok: true, detail: `granted: ${MANAGEMENT_SCOPES.join(", ")}` };
  }
  return { name, ok: false, detail: `missing: ${missing.join(", ")}`, hint: GRANT_HINT };
}

/** `GET /api/v1/apis/{apiId}/scopes`. */
export async function checkApiScopes(
  http: KyInstance,
  token: string,
  apiId: string,
  signal: AbortSignal | undefined,
): Promise<SetupCheck> {
  const name = "api scopes";
  const path = `api/v1/apis/${encodeURIComponent(apiId)}/scopes`;
  const answer = await ask(http, "get", path, token, signal);
  if ("failure" in answer) return { name, ok: false, detail: answer.failure };
  const { status, body } = answer;
  if (status === 200) {
    const scopes = (body as { scopes?: { key?: unknown }[] } | undefined)?.scopes ?? [];
    const keys = scopes.map((scope) => String(scope.key)).join(", ") || "none";
    return { name, ok: true, detail: `API ${apiId} defines: ${keys}` };
  }
  if (status === 403) {
    return {
      name,
      ok: false,
      detail: "Kinde refused (403): the M2M application lacks read:api_scopes",
      hint: `${GRANT_HINT} (needed to create keys with scope names, and for rollover)`,
    };
  }
  return {
    name,
    ok: false,
    detail: `Kinde answered ${status} for API ${apiId}`,
    hint: "check the API id (Settings → APIs in Kinde)",
  };
}

/** The `scp` (or space-separated `scope`) claim of a JWT, read without checking its signature. */
function grantedScopes(token: string): string[] | undefined {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
    const claims = JSON.parse(json) as { scp?: unknown; scope?: unknown };
    if (Array.isArray(claims.scp)) return claims.scp.map(String);
    if (typeof claims.scope === "string") return claims.scope.split(" ");
  } catch {
    // Not a JWT: nothing to read.
  }
  return undefined;
}
