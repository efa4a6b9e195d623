import { describe, expect, it } from "vitest";
import { createFakeKinde } from "./fake-kinde.ts";
import { apiRequest, getToken, tokenRequest, verify } from "./test-helpers.ts";

describe("createFakeKinde", () => {
  it("has Kinde-like defaults", () => {
    const fake = createFakeKinde();
    expect(fake.origin).toBe("https://fake-kinde.test");
    expect(fake.clientId).toBe("fake-client-id");
    expect(fake.clientSecret).toBe("fake-client-secret");
    expect(fake.handlers).toHaveLength(1);
  });

  it.each([
    ["acme.kinde.com", "https://acme.kinde.com"],
    ["https://acme.kinde.com/", "https://acme.kinde.com"],
    ["http://127.0.0.1:8080/some/path", "http://127.0.0.1:8080"],
  ])("takes domain %s as origin %s", (domain, origin) => {
    expect(createFakeKinde({ domain }).origin).toBe(origin);
  });

  it("uses the configured credentials", async () => {
    const fake = createFakeKinde({ clientId: "id", clientSecret: "secret" });
    expect((await fake.fetch(tokenRequest(fake))).status).toBe(200);
    expect(
      (await fake.fetch(tokenRequest(fake, { client_secret: "fake-client-secret" }))).status,
    ).toBe(401);
  });

  it("hands out client settings that reach it, with the cache off unless overridden", async () => {
    const fake = createFakeKinde({ domain: "acme.kinde.com", clientSecret: "s3cret" });
    const config = fake.clientConfig();
    expect(config).toEqual({
      domain: "https://acme.kinde.com",
      clientId: "fake-client-id",
      clientSecret: "s3cret",
      cache: false,
    });
    const token = await fake.fetch(`${config.domain}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: config.clientId,
        client_secret: config.clientSecret,
        audience: `${config.domain}/api`,
      }),
    });
    expect(token.status).toBe(200);
    expect(fake.clientConfig({ cache: { ttlMs: 5 }, timeoutMs: 200 })).toEqual({
      ...config,
      cache: { ttlMs: 5 },
      timeoutMs: 200,
    });
    // Each call is a fresh object: one test's changes never reach another's settings.
    expect(fake.clientConfig()).not.toBe(fake.clientConfig());
  });

  it("takes a Request as it is, or what fetch takes", async () => {
    const fake = createFakeKinde();
    const request = new Request(`${fake.origin}/nowhere`);
    expect((await fake.fetch(request)).status).toBe(404);
    expect((await fake.fetch(new URL("/nowhere", fake.origin))).status).toBe(404);
    expect((await fake.fetch(request, { method: "DELETE" })).status).toBe(404);
    expect(fake.calls.total).toBe(3);
  });

  it("seeds keys with defaults derived from the owner", async () => {
    const fake = createFakeKinde({
      keys: [
        { key: "k_live_a", id: "api_key_a", orgCode: "org_1" },
        { key: "k_live_b", id: "api_key_b", userId: "kp_1" },
        { key: "k_live_c", id: "api_key_c" },
      ],
    });
    expect(fake.getKey("api_key_a")).toMatchObject({
      type: "organization",
      status: "active",
      scopes: [],
      apiId: "api_fake",
      name: "Fake API key",
    });
    expect(fake.getKey("api_key_b")?.type).toBe("user");
    expect(fake.getKey("api_key_c")?.type).toBe("environment");
    expect((await verify(fake, await getToken(fake), "k_live_c")).body.is_valid).toBe(true);
  });

  it("generates secrets and ids in Kinde's formats", () => {
    const { id, key } = createFakeKinde().addKey();
    expect(key).toMatch(/^k_live_[0-9a-f]{32}$/);
    expect(id).toMatch(/^api_key_[0-9a-f]{32}$/);
  });

  it("returns key records without the secret, as snapshots", () => {
    const fake = createFakeKinde();
    const { id, key } = fake.addKey({ scopes: ["a"] });
    const record = fake.getKey(id);
    expect(JSON.stringify(record)).not.toContain(key);
    expect(record).toMatchObject({ keyPrefix: key.slice(0, 6), keySuffix: key.slice(-4) });
    fake.revokeKey(id);
    expect(record?.status).toBe("active");
    expect(fake.getKey(id)?.status).toBe("revoked");
    expect(Object.isFrozen(record)).toBe(true);
  });

  it("throws on an unknown id or a duplicate key, so test mistakes surface", () => {
    const fake = createFakeKinde({ keys: [{ key: "k_live_dup", id: "api_key_dup" }] });
    expect(() => fake.addKey({ key: "k_live_dup" })).toThrow(/secret/);
    expect(() => fake.addKey({ id: "api_key_dup" })).toThrow(/api_key_dup/);
    expect(() => fake.revokeKey("api_key_nope")).toThrow(/api_key_nope/);
    expect(() => fake.rotateKey("api_key_nope")).toThrow();
    expect(() => fake.removeKey("api_key_nope")).toThrow();
  });

  it("refuses nonsensical options", () => {
    expect(() => createFakeKinde({ tokenTtlSeconds: 0 })).toThrow(RangeError);
    expect(() => createFakeKinde({ latencyMs: -1 })).toThrow(RangeError);
  });

  it("counts calls per endpoint, unknown paths in total only", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    const { id, key } = fake.addKey();
    await verify(fake, token, key);
    await verify(fake, token, "unknown");
    await fake.fetch(apiRequest(fake, "GET", "/api/v1/api_keys", token));
    await fake.fetch(apiRequest(fake, "GET", `/api/v1/api_keys/${id}`, token));
    await fake.fetch(
      apiRequest(fake, "POST", "/api/v1/api_keys", token, {
        name: "n",
        type: "environment",
        api_id: "a",
      }),
    );
    await fake.fetch(apiRequest(fake, "PUT", `/api/v1/api_keys/${id}`, token));
    await fake.fetch(apiRequest(fake, "DELETE", `/api/v1/api_keys/${id}`, token));
    await fake.fetch(apiRequest(fake, "GET", "/api/v1/apis/api_fake/scopes", token));
    await fake.fetch(new Request(`${fake.origin}/nowhere`));
    expect(fake.calls).toEqual({
      token: 1,
      verify: 2,
      list: 1,
      get: 1,
      create: 1,
      rotate: 1,
      delete: 1,
      scopes: 1,
      total: 10,
    });
    fake.resetCalls();
    expect(fake.calls.total).toBe(0);
    expect(fake.calls.token).toBe(0);
  });

  it("counts calls that fail the token check", async () => {
    const fake = createFakeKinde();
    await verify(fake, "bad-token", "k");
    expect(fake.calls.verify).toBe(1);
  });

  it("answers unknown paths with Kinde's 404 ROUTE_NOT_FOUND, `errors` an object", async () => {
    const fake = createFakeKinde();
    const response = await fake.fetch(new Request(`${fake.origin}/oauth2/authorize`));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: { code: "ROUTE_NOT_FOUND", message: "No route for GET /oauth2/authorize" },
    });
  });

  it("keeps separate fakes independent", async () => {
    const one = createFakeKinde();
    const two = createFakeKinde();
    const { key } = one.addKey();
    expect((await verify(two, await getToken(two), key)).body.is_valid).toBe(false);
    expect(two.calls.verify).toBe(1);
    expect(one.calls.total).toBe(0);
  });
});
