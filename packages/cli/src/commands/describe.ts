/**
 * @module commands/describe
 * How a key from the management API reads in a terminal: owner and key hint in one word each.
 */
import type { ApiKeyInfo } from "@acme/kinde-keys-core/management";

/** The owner as one word: `org_acme`, `kp_123`, or `-` for an environment key. */
export function ownerLabel(key: ApiKeyInfo): string {
  return key.orgCode ?? key.userId ?? "-";
}

/** The part of the secret Kinde's dashboard shows: `k_live…abcd`. Never the secret itself. */
export function keyHint(key: ApiKeyInfo): string {
  if (!key.keyPrefix && !key.keySuffix) return "-";
  return `${key.keyPrefix ?? ""}…${key.keySuffix ?? ""}`;
}
