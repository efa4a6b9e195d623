/**
 * @module key-owner
 * Who a key belongs to, in the forms the SDK needs: built from the `org_code` / `user_id` fields of
 * Kinde's answers, and as the tenant tag an AI prompt or a log line names.
 */
import type { KeyOwner } from "./types.ts";

/** A key's tenant as one tagged string: `org:<orgCode>` or `user:<userId>`. */
export type TenantTag = `org:${string}` | `user:${string}`;

/**
 * The owner that a key's organization code and user id describe. Organization wins when both are
 * present, as in Kinde's own samples; neither means an environment key.
 */
export function keyOwnerFrom(orgCode: string | null, userId: string | null): KeyOwner {
  if (orgCode) return { type: "organization", orgCode };
  if (userId) return { type: "user", userId };
  return { type: "environment" };
}

/**
 * The tenant a key acts for, as a tagged string, or `null` for an environment key, which acts for
 * no tenant.
 *
 * @example
 * ```ts
 * tenantTag({ type: "organization", orgCode: "org_acme" }); // "org:org_acme"
 * ```
 */
export function tenantTag(owner: KeyOwner): TenantTag | null {
  if (owner.type === "organization") return `org:${owner.orgCode}`;
  if (owner.type === "user") return `user:${owner.userId}`;
  return null;
}
