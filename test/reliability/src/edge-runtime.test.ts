// @vitest-environment edge-runtime
/**
 * Core and the Hono adapter inside the Edge Runtime (`@edge-runtime/vm`, Vercel Edge's globals):
 * Web `fetch`, `Request`, `Headers`, Web Crypto. The fake Kinde is reached through its Fetch handler.
 * (Cloudflare's workerd is covered by the Hono package's own tests.)
 */
import { createKindeKeys } from "@acme/kinde-keys-core";
import { kindeApiKey } from "@acme/kinde-keys-hono";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";

function setUp() {
  const fake = createFakeKinde({ domain: "acme.kinde.com" });
  // With the default cache: one test shows a second verify is answered from it.
  const client = createKindeKeys(
    fake.clientConfig({
      fetch: fake.fetch,
      cache: {},
      timeoutMs: 200,
      totalTimeoutMs: 400,
      env: {},
    }),
  );
  return { fake, client };
}

describe("edge runtime", () => {
  it("runs in the Edge Runtime sandbox", () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
  });

  it("core verifies valid, unknown and revoked keys", async () => {
    const { fake, client } = setUp();
    const valid = fake.addKey({ userId: "kp_1", scopes: ["read"] });
    const revoked = fake.addKey({ status: "revoked" });
    const result = await client.verify(valid.key);
    expect(result).toMatchObject({
      valid: true,
      key: { keyId: valid.id, owner: { type: "user", userId: "kp_1" } },
    });
    expect(await client.verify("k_live_ffffffffffffffffffffffffffffffff")).toEqual({
      valid: false,
      reason: "invalid",
    });
    expect(await client.verify(revoked.key)).toEqual({ valid: false, reason: "revoked" });
    // The second verify of the valid key is a cache hit: one call to Kinde for it.
    await client.verify(valid.key);
    expect(fake.calls.verify).toBe(3);
  });

  it("a Hono app answers 200, 401, 403 and 503 as documented", async () => {
    const { fake, client } = setUp();
    const { key, id } = fake.addKey({ orgCode: "org_e", scopes: ["read"] });
    const narrow = fake.addKey({ orgCode: "org_e", scopes: [] });
    let handled = 0;
    const app = new Hono();
    app.use("/api/*", kindeApiKey({ client, scopes: ["read"] }));
    app.get("/api/me", (c) => {
      handled += 1;
      return c.json({ keyId: c.get("kindeApiKey")?.keyId });
    });
    const call = async (authorization?: string) => {
      const response = await app.request("/api/me", {
        headers: authorization ? { authorization } : {},
      });
      return {
        status: response.status,
        body: (await response.json()) as { code?: string; keyId?: string },
      };
    };

    expect(await call(`Bearer ${key}`)).toEqual({ status: 200, body: { keyId: id } });
    expect((await call()).body.code).toBe("MISSING_KEY");
    expect((await call("Bearer not a key")).status).toBe(400);
    expect((await call("Bearer k_live_00000000000000000000000000000000")).body.code).toBe(
      "INVALID_KEY",
    );
    expect(await call(`Bearer ${narrow.key}`)).toMatchObject({
      status: 403,
      body: { code: "INSUFFICIENT_SCOPE" },
    });

    fake.inject({ endpoint: "verify", type: "reset" });
    const other = fake.addKey({ orgCode: "org_e", scopes: ["read"] });
    expect(await call(`Bearer ${other.key}`)).toMatchObject({
      status: 503,
      body: { code: "VERIFICATION_UNAVAILABLE" },
    });
    fake.clearFaults();
    expect((await call(`Bearer ${other.key}`)).status).toBe(200);
    expect(handled).toBe(2);
  });
});
