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
   * The organization the request is about (e.g. a route parameter). When set, only a key of that
   * organization passes.
   */
  orgCode?: string | null;
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
  const { owner, orgCode } = options;
  if (owner !== undefined) {
    const requirements = typeof owner === "string" ? [owner] : owner;
    if (!requirements.some((requirement) => allows(requirement, key.owner.type))) {
      return { ok: false, code: "OWNER_NOT_ALLOWED" };
    }
  }
  // An empty or absent route value cannot be matched by any key: refuse rather than skip the check.
  if (orgCode !== undefined && (orgCode === null || orgCode === "" || key.orgCode !== orgCode)) {
    return { ok: false, code: "ORG_MISMATCH" };
  }
  return OK;
}
