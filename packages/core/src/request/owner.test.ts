/** `checkOwner` on its own: owner types, `tenant`, and the organization boundary. */
import { describe, expect, it } from "vitest";
import type { VerifiedApiKey } from "../types.ts";
import { checkOwner } from "./owner.ts";

type Owned = Pick<VerifiedApiKey, "owner" | "orgCode">;
const org: Owned = { owner: { type: "organization", orgCode: "org_a" }, orgCode: "org_a" };
const user: Owned = { owner: { type: "user", userId: "kp_u" }, orgCode: null };
const environment: Owned = { owner: { type: "environment" }, orgCode: null };

const OK = { ok: true };
const NOT_ALLOWED = { ok: false, code: "OWNER_NOT_ALLOWED" };
const MISMATCH = { ok: false, code: "ORG_MISMATCH" };

describe("checkOwner", () => {
  it("allows every owner when nothing is required", () => {
    for (const key of [org, user, environment]) expect(checkOwner(key)).toEqual(OK);
  });

  it.each([
    ["organization", org, OK],
    ["organization", user, NOT_ALLOWED],
    ["user", user, OK],
    ["user", environment, NOT_ALLOWED],
    ["environment", environment, OK],
    ["environment", org, NOT_ALLOWED],
    ["tenant", org, OK],
    ["tenant", user, OK],
    ["tenant", environment, NOT_ALLOWED],
  ] as const)("owner %s with a %o key", (owner, key, expected) => {
    expect(checkOwner(key, { owner })).toEqual(expected);
  });

  it("takes a list of allowed owners", () => {
    expect(checkOwner(user, { owner: ["organization", "user"] })).toEqual(OK);
    expect(checkOwner(environment, { owner: ["organization", "user"] })).toEqual(NOT_ALLOWED);
    expect(checkOwner(org, { owner: [] })).toEqual(NOT_ALLOWED);
  });

  it("matches the organization exactly", () => {
    expect(checkOwner(org, { orgCode: "org_a" })).toEqual(OK);
    expect(checkOwner(org, { orgCode: "org_b" })).toEqual(MISMATCH);
    expect(checkOwner(org, { orgCode: "ORG_A" })).toEqual(MISMATCH);
  });

  it("refuses an empty or null organization rather than skipping the check", () => {
    expect(checkOwner(org, { orgCode: "" })).toEqual(MISMATCH);
    expect(checkOwner(org, { orgCode: null })).toEqual(MISMATCH);
    expect(checkOwner(environment, { orgCode: null })).toEqual(MISMATCH);
  });

  it("a user or environment key never matches an organization", () => {
    expect(checkOwner(user, { orgCode: "org_a" })).toEqual(MISMATCH);
    expect(checkOwner(environment, { orgCode: "org_a" })).toEqual(MISMATCH);
  });

  it("reports the owner type before the organization", () => {
    expect(checkOwner(user, { owner: "organization", orgCode: "org_a" })).toEqual(NOT_ALLOWED);
  });
});
