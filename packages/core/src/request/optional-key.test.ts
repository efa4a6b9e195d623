/**
 * `required: false` (optional authentication) and the extraction messages through the whole
 * pipeline, against the fake Kinde over MSW.
 */
import { describe, expect, it } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import { authorize, createAuthorizer } from "./authorize.ts";

const { fake, createKinde } = setupFakeKinde();

describe("required: false", () => {
  it("lets a request without credentials through with no key, asking Kinde nothing", async () => {
    const kinde = createKinde();
    const verifies = fake.calls.verify;
    const result = await authorize(kinde, { headers: {} }, { required: false });
    expect(result).toEqual({ ok: true, key: undefined, headers: {} });
    expect(fake.calls.verify).toBe(verifies);
  });

  it("still verifies a key that is sent, and refuses a bad one", async () => {
    const kinde = createKinde();
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const options = { required: false, header: ["authorization", "x-api-key"] } as const;
    const check = createAuthorizer(kinde, options);
    expect(await check({ headers: bearer(key) })).toMatchObject({ ok: true, key: { keyId: id } });
    expect(await check({ headers: { "x-api-key": key } })).toMatchObject({ key: { keyId: id } });
    const revoked = fake.addKey({ orgCode: "org_acme", status: "revoked" });
    expect(await check({ headers: bearer(revoked.key) })).toMatchObject({
      status: 401,
      body: { code: "KEY_REVOKED" },
    });
    expect(await check({ headers: { authorization: "Token x" } })).toMatchObject({ status: 400 });
    expect(await check({ headers: { "x-api-key": "has space" } })).toMatchObject({ status: 400 });
  });

  it.each([
    ["scopes", { scopes: ["read:reports"] }],
    ["orgCode", { orgCode: "org_acme" }],
    ["orgCode", { orgCode: () => "org_acme" }],
    ["owner", { owner: "organization" }],
    ["apiId", { apiId: "api_1" }],
  ] as const)("cannot be combined with %s: TypeError at creation", (name, rule) => {
    const kinde = createKinde();
    expect(() => createAuthorizer(kinde, { required: false, ...rule } as never)).toThrow(
      new RegExp(`\`required: false\` cannot be combined with \`${name}\``),
    );
  });

  it("may be combined with an empty scope list and a rate limit", () => {
    const kinde = createKinde();
    expect(() =>
      createAuthorizer(kinde, {
        required: false,
        scopes: [],
        rateLimit: { limit: 1, windowMs: 1000 },
      }),
    ).not.toThrow();
  });
});

describe("refusal messages", () => {
  it("say what was expected and where the pipeline looked", async () => {
    const kinde = createKinde();
    const missing = await authorize(
      kinde,
      { headers: {} },
      { header: ["x-api-key", "authorization"] },
    );
    expect(missing).toMatchObject({
      status: 401,
      body: {
        code: "MISSING_KEY",
        error:
          'No API key in x-api-key or Authorization. Expected "x-api-key: <api key>" or "Authorization: Bearer <api key>"',
      },
    });
    const token = await authorize(kinde, { headers: { authorization: "Token k_live_1" } });
    expect(token).toMatchObject({
      status: 400,
      body: {
        code: "INVALID_REQUEST",
        error:
          'Malformed Authorization header. Expected a single "Authorization: Bearer <api key>"',
      },
    });
  });
});
