/**
 * @module management/call
 * What names a call to Kinde's management API: where it keeps API keys, and how a failed call says
 * what it was and which M2M scope it needs. Free of any HTTP client, so the route option `apiId`
 * (in the main entry) can name its one read without bundling the key manager's.
 */
import { type KindeCall, MANAGEMENT_FAILURES } from "../kinde/failures.ts";

/** Where Kinde's management API keeps API keys. */
export const KEYS_PATH = "api/v1/api_keys";

/** A management call as its failures name it: a 401 or 403 names the M2M scope it needs. */
export function managementCall(what: string, scope: string): KindeCall {
  return {
    what,
    kind: "management",
    authHint: `the application needs the ${scope} scope`,
    failures: MANAGEMENT_FAILURES,
  };
}
