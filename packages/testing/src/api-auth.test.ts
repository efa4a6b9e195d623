import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeKinde } from "./fake-kinde.ts";
import { callApi, getToken } from "./test-helpers.ts";

const TOKEN_INVALID = { errors: [{ code: "TOKEN_INVALID", message: "Invalid access token" }] };

describe("access token check on /api/v1", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refuses a call without a token with 401 and a Bearer challenge", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(
      new Request(`${fake.origin}/api/v1/api_keys`, { method: "GET" }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(await response.json()).toEqual(TOKEN_INVALID);
  });

  it("refuses a token it never issued", async () => {
    const fake = createFakeKinde();
    expect(await callApi(fake, "GET", "/api/v1/api_keys", "made-up")).toEqual({
      status: 401,
      body: TOKEN_INVALID,
    });
  });

  it("refuses a token issued by another fake", async () => {
    const token = await getToken(createFakeKinde());
    expect((await callApi(createFakeKinde(), "GET", "/api/v1/api_keys", token)).status).toBe(401);
  });

  it("accepts the Bearer scheme in any case (RFC 6750 §2.1)", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    const response = await fake.fetch(
      new Request(`${fake.origin}/api/v1/api_keys`, {
        headers: { authorization: `bearer ${token}` },
      }),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a token once its expires_in has passed", async () => {
    vi.useFakeTimers();
    const fake = createFakeKinde({ tokenTtlSeconds: 60 });
    const token = await getToken(fake);
    vi.advanceTimersByTime(59_000);
    expect((await callApi(fake, "GET", "/api/v1/api_keys", token)).status).toBe(200);
    vi.advanceTimersByTime(1_000);
    expect(await callApi(fake, "GET", "/api/v1/api_keys", token)).toEqual({
      status: 401,
      body: TOKEN_INVALID,
    });
  });

  it("refuses every earlier token after expireTokens(), but not new ones", async () => {
    const fake = createFakeKinde();
    const old = await getToken(fake);
    fake.expireTokens();
    expect((await callApi(fake, "GET", "/api/v1/api_keys", old)).status).toBe(401);
    const fresh = await getToken(fake);
    expect((await callApi(fake, "GET", "/api/v1/api_keys", fresh)).status).toBe(200);
  });

  it.each([
    ["verify", "POST", "/api/v1/api_keys/verify", "read:api_keys"],
    ["list", "GET", "/api/v1/api_keys", "read:api_keys"],
    ["get", "GET", "/api/v1/api_keys/api_key_x", "read:api_keys"],
    ["create", "POST", "/api/v1/api_keys", "create:api_keys"],
    ["rotate", "PUT", "/api/v1/api_keys/api_key_x", "update:api_keys"],
    ["delete", "DELETE", "/api/v1/api_keys/api_key_x", "delete:api_keys"],
  ])("answers %s (%s %s) without %s with 403", async (_call, method, path, scope) => {
    const everyScope = ["read:api_keys", "create:api_keys", "update:api_keys", "delete:api_keys"];
    const fake = createFakeKinde({ clientScopes: everyScope.filter((s) => s !== scope) });
    const token = await getToken(fake);
    const body = method === "GET" ? undefined : { api_key: "k" };
    expect(await callApi(fake, method, path, token, body)).toEqual({
      status: 403,
      body: { errors: [{ code: "FORBIDDEN", message: `Missing scope ${scope}` }] },
    });
  });

  it("checks the token before answering 404 for an unknown /api path", async () => {
    const fake = createFakeKinde();
    expect((await callApi(fake, "GET", "/api/v1/users", undefined)).status).toBe(401);
    const token = await getToken(fake);
    expect((await callApi(fake, "GET", "/api/v1/users", token)).status).toBe(404);
  });
});
