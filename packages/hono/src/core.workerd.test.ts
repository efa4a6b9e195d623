import hashResolution from "virtual:hash-resolution";
import { authorize, createKindeKeys, extractApiKey } from "@acme/kinde-keys-core";
import { createAuthorizer } from "@acme/kinde-keys-core/adapter";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";

describe("core on Cloudflare Workers", () => {
  const fake = createFakeKinde();
  // With the default cache: one of these tests is about it.
  const client = () => createKindeKeys(fake.clientConfig({ fetch: fake.fetch, cache: {} }));

  it("resolves #hash to the Web Crypto build", () => {
    expect(hashResolution.length).toBeGreaterThan(0);
    for (const file of hashResolution)
      expect(file).toMatch(/\/packages\/core\/dist\/hash\.web\.js$/);
  });

  it("verifies a key, then answers from its cache", async () => {
    const kinde = client();
    const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const verifies = fake.calls.verify;
    const first = await kinde.verify(key);
    expect(first).toMatchObject({
      valid: true,
      key: { keyId: id, orgCode: "org_acme", scopes: ["read:reports"] },
    });
    expect(await kinde.verify(key)).toEqual(first);
    expect(fake.calls.verify - verifies).toBe(1);
  });

  it("refuses revoked and unknown keys", async () => {
    const kinde = client();
    const { key } = fake.addKey({ orgCode: "org_acme", status: "revoked" });
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    expect(await kinde.verify("k_live_00000000000000000000000000000000")).toEqual({
      valid: false,
      reason: "invalid",
    });
  });

  it("runs the authorize pipeline on Fetch headers", async () => {
    const kinde = client();
    const { key } = fake.addKey({ userId: "kp_alice", scopes: ["read:reports"] });
    const headers = new Headers({ authorization: `Bearer ${key}` });
    expect(extractApiKey(headers)).toEqual({ ok: true, apiKey: key });
    const denied = await authorize(kinde, { headers }, { scopes: ["write:reports"] });
    expect(denied).toMatchObject({
      ok: false,
      status: 403,
      body: { missing_scopes: ["write:reports"] },
    });
    const limited = createAuthorizer(kinde, { rateLimit: { limit: 1, windowMs: 60_000 } });
    expect(await limited({ headers })).toMatchObject({ ok: true });
    expect(await limited({ headers })).toMatchObject({ ok: false, status: 429 });
  });
});
