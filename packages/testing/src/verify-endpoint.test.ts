import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeKinde } from "./fake-kinde.ts";
import { apiRequest, getToken, verify } from "./test-helpers.ts";

const KINDE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+11$/;

describe("POST /api/v1/api_keys/verify", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("verifies an active organization key with its scopes and owner", async () => {
    const fake = createFakeKinde({
      keys: [{ key: "k_live_org", id: "api_key_org", orgCode: "org_acme", scopes: ["read:x"] }],
    });
    const { status, body } = await verify(fake, await getToken(fake), "k_live_org");
    expect(status).toBe(200);
    expect(body).toEqual({
      code: "API_KEY_VERIFIED",
      message: "API key verified",
      is_valid: true,
      key_id: "api_key_org",
      status: "active",
      scopes: ["read:x"],
      org_code: "org_acme",
      user_id: null,
      last_verified_on: null,
      verification_count: 1,
    });
  });

  it("reports a user key's user_id", async () => {
    const fake = createFakeKinde();
    const { key } = fake.addKey({ userId: "kp_123" });
    const { body } = await verify(fake, await getToken(fake), key);
    expect(body).toMatchObject({ is_valid: true, user_id: "kp_123", org_code: null });
  });

  it("counts verifications and reports the previous one in Kinde's +11 format", async () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 10, 18, 2, 32, 3) });
    const fake = createFakeKinde();
    const { id, key } = fake.addKey();
    const token = await getToken(fake);
    expect((await verify(fake, token, key)).body.last_verified_on).toBeNull();
    vi.advanceTimersByTime(5_000);
    const second = (await verify(fake, token, key)).body;
    expect(second.last_verified_on).toBe("2024-11-18T13:32:03+11");
    expect(second.last_verified_on).toMatch(KINDE_TIME);
    expect(second.verification_count).toBe(2);
    expect(fake.getKey(id)).toMatchObject({
      verificationCount: 2,
      lastVerifiedAt: Date.UTC(2024, 10, 18, 2, 32, 8),
    });
  });

  it.each(["inactive", "revoked"] as const)(
    "answers an %s key with is_valid false and its status, without counting it",
    async (status) => {
      const fake = createFakeKinde();
      const { id, key } = fake.addKey({ status, scopes: ["a"] });
      const { status: http, body } = await verify(fake, await getToken(fake), key);
      expect(http).toBe(200);
      expect(body).toMatchObject({
        code: "API_KEY_INVALID",
        message: "Invalid API key",
        is_valid: false,
        key_id: id,
        status,
        verification_count: 0,
      });
    },
  );

  it("answers an unknown key with 200 is_valid false by default", async () => {
    const fake = createFakeKinde();
    expect(await verify(fake, await getToken(fake), "k_live_unknown")).toEqual({
      status: 200,
      body: { code: "API_KEY_INVALID", message: "Invalid API key", is_valid: false },
    });
  });

  it("answers an unknown key with 400 under unknownKeyAnswer error-400", async () => {
    const fake = createFakeKinde({ unknownKeyAnswer: "error-400" });
    expect(await verify(fake, await getToken(fake), "k_live_unknown")).toEqual({
      status: 400,
      body: { errors: [{ code: "API_KEY_INVALID", message: "Invalid API key" }] },
    });
  });

  it("answers an unknown key with 404 after setUnknownKeyAnswer('error-404')", async () => {
    const fake = createFakeKinde();
    fake.setUnknownKeyAnswer("error-404");
    expect(await verify(fake, await getToken(fake), "k_live_unknown")).toEqual({
      status: 404,
      body: { errors: [{ code: "API_KEY_NOT_FOUND", message: "API key not found" }] },
    });
  });

  it("answers an unknown key with a 401 naming it after setUnknownKeyAnswer('error-401')", async () => {
    const fake = createFakeKinde({ unknownKeyAnswer: "error-401" });
    expect(await verify(fake, await getToken(fake), "k_live_unknown")).toEqual({
      status: 401,
      body: { errors: [{ code: "API_KEY_INVALID", message: "Invalid API key" }] },
    });
  });

  it("answers an unknown key with a bodiless 401 after setUnknownKeyAnswer('bare-401')", async () => {
    const fake = createFakeKinde();
    fake.setUnknownKeyAnswer("bare-401");
    const response = await fake.fetch(
      new Request(`${fake.origin}/api/v1/api_keys/verify`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await getToken(fake)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ api_key: "k_live_unknown" }),
      }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });

  it("takes status changes into account at once", async () => {
    const fake = createFakeKinde();
    const { id, key } = fake.addKey();
    const token = await getToken(fake);
    fake.setKeyStatus(id, "inactive");
    expect((await verify(fake, token, key)).body.is_valid).toBe(false);
    fake.setKeyStatus(id, "active");
    expect((await verify(fake, token, key)).body.is_valid).toBe(true);
    fake.revokeKey(id);
    expect((await verify(fake, token, key)).body).toMatchObject({
      is_valid: false,
      status: "revoked",
    });
  });

  it("forgets the old secret on rotation and accepts the new one", async () => {
    const fake = createFakeKinde();
    const { id, key: oldKey } = fake.addKey();
    const token = await getToken(fake);
    const rotated = fake.rotateKey(id);
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(oldKey);
    expect((await verify(fake, token, oldKey)).body).toEqual({
      code: "API_KEY_INVALID",
      message: "Invalid API key",
      is_valid: false,
    });
    expect((await verify(fake, token, rotated.key)).body).toMatchObject({
      is_valid: true,
      key_id: id,
    });
  });

  it("treats a removed key as unknown", async () => {
    const fake = createFakeKinde({ unknownKeyAnswer: "error-404" });
    const { id, key } = fake.addKey();
    fake.removeKey(id);
    expect((await verify(fake, await getToken(fake), key)).status).toBe(404);
    expect(fake.getKey(id)).toBeUndefined();
  });

  it.each([
    ["a missing api_key", {}],
    ["a non-string api_key", { api_key: 42 }],
    ["a non-object body", ["k_live_x"]],
  ])("answers %s with 400 INVALID_REQUEST", async (_label, body) => {
    const fake = createFakeKinde();
    const response = await fake.fetch(
      apiRequest(fake, "POST", "/api/v1/api_keys/verify", await getToken(fake), body),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].code).toBe("INVALID_REQUEST");
  });

  it("answers a body that is not JSON with 400", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(
      new Request(`${fake.origin}/api/v1/api_keys/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${await getToken(fake)}` },
        body: "api_key=k_live_x",
      }),
    );
    expect(response.status).toBe(400);
  });
});
