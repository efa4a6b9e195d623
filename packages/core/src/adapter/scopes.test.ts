import { describe, expect, it } from "vitest";
import type { VerifiedApiKey } from "../types.ts";
import { createScopeCheck } from "./scopes.ts";

const key: VerifiedApiKey = Object.freeze({
  keyId: "api_key_1",
  scopes: Object.freeze(["read:reports", "write:reports"]),
  owner: Object.freeze({ type: "organization", orgCode: "org_acme" }),
  orgCode: "org_acme",
  userId: null,
  lastVerifiedOn: null,
  verificationCount: null,
});
const JSON_TYPE = "application/json; charset=utf-8";

describe("createScopeCheck (requireScopes)", () => {
  it("passes a key holding every scope, with no response headers", () => {
    expect(createScopeCheck(["read:reports", "write:reports"])(key)).toEqual({
      ok: true,
      key,
      headers: {},
    });
  });

  it("refuses a key lacking a scope: 403 with the required and missing scopes (RFC 6750 §3.1)", () => {
    expect(createScopeCheck(["read:reports", "admin:all"])(key)).toEqual({
      ok: false,
      status: 403,
      headers: {
        "cache-control": "no-store",
        "content-type": JSON_TYPE,
        "www-authenticate":
          'Bearer realm="api", error="insufficient_scope", scope="read:reports admin:all"',
      },
      body: {
        error: "Insufficient scope. Required: read:reports, admin:all",
        code: "INSUFFICIENT_SCOPE",
        required_scopes: ["read:reports", "admin:all"],
        missing_scopes: ["admin:all"],
      },
    });
  });

  it("answers 401 with a bare challenge where no key was verified", () => {
    expect(createScopeCheck(["read:reports"], { realm: "reports" })(undefined)).toEqual({
      ok: false,
      status: 401,
      headers: {
        "cache-control": "no-store",
        "content-type": JSON_TYPE,
        "www-authenticate": 'Bearer realm="reports"',
      },
      body: { error: "Missing API key", code: "MISSING_KEY" },
    });
  });

  it('with mode "any", one scope is enough', () => {
    expect(createScopeCheck(["admin:all", "read:reports"], { mode: "any" })(key).ok).toBe(true);
    expect(createScopeCheck(["admin:all", "admin:some"], { mode: "any" })(key).ok).toBe(false);
  });

  it("keeps its own copy of the scopes: changing the caller's array later changes nothing", () => {
    const scopes = ["read:reports"];
    const check = createScopeCheck(scopes);
    scopes.push("admin:all");
    expect(check(key).ok).toBe(true);
  });

  it("answers core's 503 rather than a challenge no header can carry", () => {
    expect(createScopeCheck(["admin\r\nx-injected: yes"])(key)).toMatchObject({
      ok: false,
      status: 503,
      body: { code: "VERIFICATION_UNAVAILABLE" },
    });
  });
});
