/**
 * @module conformance/cases/refusals
 * The suite's cases for each refusal of DESIGN §3 (and the passes beside them): no key, a malformed
 * header, unknown, revoked and inactive keys, scopes, the org boundary, owner types and Kinde
 * failing. Every answer is recorded for the cross-framework comparison.
 */
import { expect, it } from "vitest";
import type { HarnessRequest } from "../../drivers/driver.ts";
import type { SuiteContext } from "../suite.ts";

/** A request to `GET /things` with the key in `Authorization`. */
export function bearer(key: string, scheme = "Bearer"): HarnessRequest {
  return { path: "/things", headers: [["authorization", `${scheme} ${key}`]] };
}

/** Registers the refusal cases, in the order their answers are kept. */
export function refusalCases({ fake, app, record }: SuiteContext): void {
  it("answers 401 MISSING_KEY with a bare challenge when no key is sent", async () => {
    const { send, handled } = await app();
    const verifies = fake.calls.verify;
    const answer = await record(send, "missing key", { path: "/things" });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "MISSING_KEY" });
    expect(answer.headers["www-authenticate"]).toBe('Bearer realm="api"');
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(handled).toEqual([]);
    expect(fake.calls.verify).toBe(verifies);
  });

  const { key: sample } = fake.addKey({ orgCode: "org_acme" });
  it.each([
    ["wrong scheme", [["authorization", "Basic dXNlcjpwYXNz"]]],
    ["scheme without token", [["authorization", "Bearer"]]],
    ["extra parts", [["authorization", `Bearer ${sample} extra`]]],
    ["bad characters", [["authorization", "Bearer abc$def"]]],
    ["too long", [["authorization", `Bearer ${"a".repeat(513)}`]]],
    [
      "repeated header",
      [
        ["authorization", `Bearer ${sample}`],
        ["authorization", `Bearer ${sample}`],
      ],
    ],
  ] as const)("answers 400 INVALID_REQUEST to a malformed header: %s", async (label, headers) => {
    const { send, handled } = await app();
    const verifies = fake.calls.verify;
    const answer = await record(send, `malformed: ${label}`, { path: "/things", headers });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "INVALID_REQUEST" });
    expect(answer.headers["www-authenticate"]).toBe('Bearer realm="api", error="invalid_request"');
    expect(handled).toEqual([]);
    expect(fake.calls.verify).toBe(verifies);
  });

  it.each([
    ["unknown", undefined, "INVALID_KEY"],
    ["revoked", "revoked", "KEY_REVOKED"],
    ["inactive", "inactive", "KEY_INACTIVE"],
  ] as const)("answers 401 to an %s key", async (label, status, code) => {
    const key = status
      ? fake.addKey({ orgCode: "org_acme", status }).key
      : "k_live_ffffffffffffffffffffffffffffffff";
    const { send, handled } = await app();
    const answer = await record(send, `${label} key`, bearer(key));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code });
    expect(answer.headers["www-authenticate"]).toBe('Bearer realm="api", error="invalid_token"');
    expect(handled).toEqual([]);
  });

  it("runs the handler for a valid key, whatever the case of `Bearer`", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const { send, handled } = await app();
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      const answer = await record(send, `valid key, scheme ${scheme}`, bearer(key, scheme));
      expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    }
    expect(handled).toEqual([id, id, id, id]);
  });

  it("answers 403 INSUFFICIENT_SCOPE naming the required and missing scopes", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const scopes = ["read:reports", "write:reports"];
    const { send, handled } = await app({ scopes });
    const answer = await record(send, "missing scope", bearer(key));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      code: "INSUFFICIENT_SCOPE",
      required_scopes: scopes,
      missing_scopes: ["write:reports"],
    });
    expect(answer.headers["www-authenticate"]).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="read:reports write:reports"',
    );
    const any = await app({ scopes, scopeMode: "any" });
    expect((await record(any.send, "scope mode any", bearer(key))).status).toBe(200);
    expect(handled).toEqual([]);
    expect(any.handled).toEqual([id]);
  });

  it("answers 403 ORG_MISMATCH when the route's organization is not the key's", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const { key: userKey } = fake.addKey({ userId: "kp_alice" });
    const { send, handled } = await app();
    const at = (org: string, apiKey: string) => ({
      ...bearer(apiKey),
      path: `/orgs/${org}/things`,
    });
    const other = await record(send, "org from route: other org", at("org_other", key));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: "ORG_MISMATCH" });
    expect(other.headers["www-authenticate"]).toBeUndefined();
    const user = await record(send, "org from route: user key", at("org_acme", userKey));
    expect(user.body).toMatchObject({ code: "ORG_MISMATCH" });
    expect((await record(send, "org from route: own org", at("org_acme", key))).status).toBe(200);
    expect(handled).toEqual([id]);
  });

  it("answers 403 OWNER_NOT_ALLOWED to an owner type the route refuses", async () => {
    const { key: userKey } = fake.addKey({ userId: "kp_bob" });
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const { send, handled } = await app({ owner: "organization" });
    const answer = await record(send, "owner not allowed", bearer(userKey));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: "OWNER_NOT_ALLOWED" });
    expect(answer.headers["www-authenticate"]).toBeUndefined();
    expect((await record(send, "owner allowed", bearer(key))).status).toBe(200);
    expect(handled).toEqual([id]);
  });

  it("answers 403 WRONG_API to a key minted for another API (route option apiId)", async () => {
    const { key: other } = fake.addKey({ orgCode: "org_acme", apiId: "api_billing" });
    const { id, key } = fake.addKey({ orgCode: "org_acme", apiId: "api_reports" });
    const { send, handled } = await app({ apiId: "api_reports" });
    const answer = await record(send, "wrong api", bearer(other));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: "WRONG_API" });
    expect(answer.headers["www-authenticate"]).toBeUndefined();
    expect((await record(send, "right api", bearer(key))).status).toBe(200);
    expect(handled).toEqual([id]);
  });

  it.each([
    ["verify answers 503", { endpoint: "verify", type: "status", status: 503 }],
    ["verify unreachable", { endpoint: "verify", type: "reset" }],
    ["verify answers garbage", { endpoint: "verify", type: "non-json" }],
    ["token endpoint answers 500", { endpoint: "token", type: "status", status: 500 }],
  ] as const)("answers 503 with Retry-After when Kinde fails: %s", async (label, fault) => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const { send, handled } = await app();
    fake.inject(fault);
    const answer = await record(send, `Kinde down: ${label}`, bearer(key));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    expect(answer.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
    expect(handled).toEqual([]);
  });
}
