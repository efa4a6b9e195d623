import { describe, expect, it } from "vitest";
import { keyOwnerFrom, tenantTag } from "./key-owner.ts";

describe("keyOwnerFrom", () => {
  it("prefers the organization when Kinde reports both", () => {
    expect(keyOwnerFrom("org_acme", "kp_1")).toEqual({ type: "organization", orgCode: "org_acme" });
  });

  it("is the user without an organization, the environment without either", () => {
    expect(keyOwnerFrom(null, "kp_1")).toEqual({ type: "user", userId: "kp_1" });
    expect(keyOwnerFrom(null, null)).toEqual({ type: "environment" });
  });
});

describe("tenantTag", () => {
  it("tags organizations and users, and gives environment keys no tenant", () => {
    expect(tenantTag({ type: "organization", orgCode: "org_acme" })).toBe("org:org_acme");
    expect(tenantTag({ type: "user", userId: "kp_1" })).toBe("user:kp_1");
    expect(tenantTag({ type: "environment" })).toBeNull();
  });
});
