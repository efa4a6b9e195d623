/**
 * @module request/owner
 * The tenant boundary: which kind of owner may call a route, and whether an organization key belongs
 * to the organization named by the request.
 */
import type { KeyOwnerType, VerifiedApiKey } from "../types.ts";

/**
 * Which owners may pass. `tenant` means an organization or a user key (anything but an
 * environment-level key). Leave unset to allow every owner type.
 */
export type OwnerRequirement = KeyOwnerType | "tenant";

/** Options of {@link checkOwner}. */
export interface CheckOwnerOptions {
  /** Owner types allowed. @default every type */
  owner?: OwnerRequirement | readonly OwnerRequirement[];
  /**
   * The organization the request is about (e.g. a route parameter). When the property is present,
   * only a key of that organization passes: `undefined`, `null` or `""` (a parameter that was not
   * there) refuses. Leave the property out to skip the check.
   */
  orgCode?: string | null | undefined;
}

/** The outcome of {@link checkOwner}. */
export type OwnerCheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: "ORG_MISMATCH" | "OWNER_NOT_ALLOWED" };

const OK: OwnerCheckResult = { ok: true };

function allows(requirement: OwnerRequirement, type: KeyOwnerType): boolean {
  return requirement === "tenant" ? type !== "environment" : requirement === type;
}

/**
 * Checks the owner of a verified key against the route's rules.
 *
 * @example
 * ```ts
 * checkOwner(key, { owner: "organization", orgCode: req.params.org });
 * ```
 */
export function checkOwner(
  key: Pick<VerifiedApiKey, "owner" | "orgCode">,
  options: CheckOwnerOptions = {},
): OwnerCheckResult {
  const { owner } = options;
  if (owner !== undefined) {
    const requirements = typeof owner === "string" ? [owner] : owner;
    if (!requirements.some((requirement) => allows(requirement, key.owner.type))) {
      return { ok: false, code: "OWNER_NOT_ALLOWED" };
    }
  }
  // A present but empty value (a route parameter that was not there) cannot be matched by any key:
  // refuse rather than skip. Only leaving the property out skips the check.
  if ("orgCode" in options && !(options.orgCode && key.orgCode === options.orgCode)) {
    return { ok: false, code: "ORG_MISMATCH" };
  }
  return OK;
}
