import { describe, expect, it } from "vitest";
import { createFakeKinde } from "./fake-kinde.ts";
import { apiRequest, tokenRequest } from "./test-helpers.ts";

describe("POST /oauth2/token", () => {
  it("grants a bearer token with the app's scopes and the configured lifetime", async () => {
    const fake = createFakeKinde({ tokenTtlSeconds: 3600, clientScopes: ["read:api_keys"] });
    const response = await fake.fetch(tokenRequest(fake));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "read:api_keys",
    });
    // JWT-shaped, with Kinde's claims, so clients that peek at it see something plausible.
    const [, payload] = (body.access_token as string).split(".");
    const claims = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
    expect(claims).toMatchObject({
      aud: [`${fake.origin}/api`],
      azp: "fake-client-id",
      iss: fake.origin,
      scp: ["read:api_keys"],
    });
  });

  it("issues a different token on every grant", async () => {
    const fake = createFakeKinde();
    const first = await (await fake.fetch(tokenRequest(fake))).json();
    const second = await (await fake.fetch(tokenRequest(fake))).json();
    expect(first.access_token).not.toBe(second.access_token);
  });

  it("accepts a request without audience", async () => {
    const fake = createFakeKinde();
    const request = tokenRequest(fake);
    const form = new URLSearchParams(await request.text());
    form.delete("audience");
    const response = await fake.fetch(
      new Request(request.url, { method: "POST", headers: request.headers, body: form }),
    );
    expect(response.status).toBe(200);
  });

  it("accepts client credentials in HTTP Basic (RFC 6749 §2.3.1)", async () => {
    const fake = createFakeKinde({ clientId: "id:with colon", clientSecret: "s3cret" });
    const response = await fake.fetch(
      new Request(`${fake.origin}/oauth2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${btoa("id%3Awith+colon:s3cret")}`,
        },
        body: "grant_type=client_credentials",
      }),
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ["a wrong client secret", { client_secret: "nope" }],
    ["a wrong client id", { client_id: "nope" }],
  ])("refuses %s with 401 invalid_client", async (_label, fields) => {
    const fake = createFakeKinde();
    const response = await fake.fetch(tokenRequest(fake, fields));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: expect.any(String),
    });
  });

  it.each([
    ["another grant type", { grant_type: "password" }, "unsupported_grant_type"],
    ["a missing grant type", { grant_type: "" }, "invalid_request"],
    ["a foreign audience", { audience: "https://elsewhere.test/api" }, "invalid_request"],
    ["a scope the app lacks", { scope: "read:users" }, "invalid_scope"],
  ])("refuses %s with 400 %s", async (_label, fields, error) => {
    const fake = createFakeKinde();
    const response = await fake.fetch(tokenRequest(fake, fields));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe(error);
  });

  it("refuses a JSON body: Kinde's token endpoint takes a form", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(
      new Request(`${fake.origin}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "client_credentials" }),
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("invalid_request");
  });

  it("narrows the grant to a requested subset of scopes", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(tokenRequest(fake, { scope: "read:api_keys" }));
    const { access_token, scope } = await response.json();
    expect(scope).toBe("read:api_keys");
    const create = await fake.fetch(
      apiRequest(fake, "POST", "/api/v1/api_keys", access_token, {
        name: "k",
        type: "environment",
        api_id: "api_1",
      }),
    );
    expect(create.status).toBe(403);
  });

  it("answers GET on the token path with 404", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(new Request(`${fake.origin}/oauth2/token`));
    expect(response.status).toBe(404);
  });
});
