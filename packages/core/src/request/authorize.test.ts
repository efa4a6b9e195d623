/**
 * Every row of DESIGN §3 through `authorize(kinde, )`, against the fake Kinde over MSW: status, body
 * `code`, `WWW-Authenticate` (RFC 6750 §3) and `Retry-After`. Rate limits are in rate-limit.test.ts.
 */

import { describe, expect, it } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import { isKindeKeysError } from "../errors.ts";
import type { AuthorizeDenial, DenialCode } from "./answers.ts";
import type { AuthorizeResult, AuthorizeSuccess } from "./authorize.ts";
import { authorize, createAuthorizer } from "./authorize.ts";

const { fake, createKinde } = setupFakeKinde();

const REALM = 'Bearer realm="api"';

function denied(result: AuthorizeResult): AuthorizeDenial {
  if (result.ok) throw new Error(`expected a refusal, got a pass for ${result.key.keyId}`);
  return result;
}

function passed(result: AuthorizeResult): AuthorizeSuccess {
  if (!result.ok) throw new Error(`expected a pass, got ${result.status} ${result.body.code}`);
  return result;
}

/** Asserts one row of the table: status, body code, and the challenge (or its absence). */
function expectRow(
  result: AuthorizeResult,
  status: number,
  code: DenialCode,
  challenge: string | undefined,
): AuthorizeDenial {
  const denial = denied(result);
  expect(denial.status).toBe(status);
  expect(denial.body.code).toBe(code);
  expect(denial.headers["www-authenticate"]).toBe(challenge);
  expect(denial.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(denial.headers["cache-control"]).toBe("no-store");
  expect(typeof denial.body.error).toBe("string");
  return denial;
}

describe("a verified key passes", () => {
  it("returns the key with its owner, scopes and Kinde's counters", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:ai_chats"] });
    const result = passed(await authorize(createKinde(), { headers: bearer(key) }));
    expect(result.key).toEqual({
      keyId: id,
      scopes: ["read:ai_chats"],
      owner: { type: "organization", orgCode: "org_acme" },
      orgCode: "org_acme",
      userId: null,
      lastVerifiedOn: null,
      verificationCount: 1,
    });
    expect(result.headers).toEqual({});
  });

  it("reads a Node-style header record as well as Fetch Headers", async () => {
    const { key } = fake.addKey();
    const kinde = createKinde();
    expect((await authorize(kinde, { headers: { authorization: `Bearer ${key}` } })).ok).toBe(true);
    expect((await authorize(kinde, { headers: { Authorization: `Bearer ${key}` } })).ok).toBe(true);
    expect((await authorize(kinde, { headers: { authorization: [`Bearer ${key}`] } })).ok).toBe(
      true,
    );
  });

  it.each(["bearer", "BEARER", "BeArEr"])(
    "matches the %s scheme case-insensitively",
    async (scheme) => {
      const { key } = fake.addKey();
      const result = await authorize(createKinde(), {
        headers: { authorization: `${scheme} ${key}` },
      });
      expect(result.ok).toBe(true);
    },
  );

  it("accepts a key of exactly 512 characters (the format limit)", async () => {
    const { key } = fake.addKey({ key: `k_live_${"a".repeat(505)}` });
    expect(key).toHaveLength(512);
    expect((await authorize(createKinde(), { headers: bearer(key) })).ok).toBe(true);
  });
});

describe("401 MISSING_KEY: no credentials", () => {
  it.each([
    ["no headers at all", {}],
    ["an empty Headers", new Headers()],
    ["an undefined header", { authorization: undefined }],
    ["an empty header", { authorization: "" }],
    ["a blank header", { authorization: "   " }],
    ["an empty header array", { authorization: [] }],
  ])("%s", async (_, headers) => {
    const result = await authorize(createKinde(), { headers });
    const denial = expectRow(result, 401, "MISSING_KEY", REALM);
    expect(denial.body.error).toBe(
      'No API key in Authorization. Expected "Authorization: Bearer <api key>"',
    );
    expect(fake.calls.total).toBe(0);
  });

  it("names the configured realm in the challenge", async () => {
    const result = await authorize(createKinde(), { headers: {} }, { realm: "ai-api" });
    expectRow(result, 401, "MISSING_KEY", 'Bearer realm="ai-api"');
  });

  it("escapes a quote in the realm (RFC 9110 quoted-string)", async () => {
    const result = await authorize(createKinde(), { headers: {} }, { realm: 'a"b\\c' });
    expect(denied(result).headers["www-authenticate"]).toBe('Bearer realm="a\\"b\\\\c"');
  });
});

describe("400 INVALID_REQUEST: a header that is not `Bearer <b64token>`", () => {
  const challenge = `${REALM}, error="invalid_request"`;
  it.each([
    ["wrong scheme (Basic)", "Basic dXNlcjpwYXNzd29yZA=="],
    ["wrong scheme (Token)", "Token k_live_0123456789abcdef0123456789abcdef"],
    ["no scheme", "k_live_0123456789abcdef0123456789abcdef"],
    ["no token", "Bearer"],
    ["a scheme and a space only", "Bearer    "],
    ["extra parts", "Bearer k_live_0123456789abcdef extra"],
    ["two keys, comma-joined", "Bearer k_live_0123, Bearer k_live_4567"],
    ["bad characters (!)", "Bearer k_live_0123456789abcdef!"],
    ["bad characters (quote)", 'Bearer k_live_01234"56789'],
    ["bad characters (non-ASCII)", "Bearer k_live_0123é456789"],
    ["bad characters (= inside)", "Bearer k_live=0123456789"],
    ["over 512 characters", `Bearer k_live_${"a".repeat(506)}`],
  ])("%s", async (_, value) => {
    const result = await authorize(createKinde(), { headers: { authorization: value } });
    const denial = expectRow(result, 400, "INVALID_REQUEST", challenge);
    expect(denial.body.error).toMatch(/malformed/i);
    expect(fake.calls.total).toBe(0);
  });

  it("a duplicated header (array) is refused rather than picked from", async () => {
    const { key } = fake.addKey();
    const headers = { authorization: [`Bearer ${key}`, `Bearer ${key}`] };
    expectRow(await authorize(createKinde(), { headers }), 400, "INVALID_REQUEST", challenge);
    expect(fake.calls.total).toBe(0);
  });

  it("a duplicated header in Fetch Headers (joined with a comma) is refused", async () => {
    const { key } = fake.addKey();
    const headers = new Headers();
    headers.append("authorization", `Bearer ${key}`);
    headers.append("authorization", `Bearer ${key}`);
    expectRow(await authorize(createKinde(), { headers }), 400, "INVALID_REQUEST", challenge);
  });

  it("a header value that is not a string is refused", async () => {
    const headers = { authorization: 42 } as unknown as Record<string, string>;
    expectRow(await authorize(createKinde(), { headers }), 400, "INVALID_REQUEST", challenge);
  });
});

describe("401 INVALID_KEY: unknown or wrong key", () => {
  const challenge = `${REALM}, error="invalid_token"`;

  it.each(["is-valid-false", "error-400", "error-404"] as const)(
    "when Kinde answers an unknown key with %s",
    async (answer) => {
      fake.setUnknownKeyAnswer(answer);
      const result = await authorize(createKinde(), {
        headers: bearer("k_live_ffffffffffffffffffffffffffffffff"),
      });
      const denial = expectRow(result, 401, "INVALID_KEY", challenge);
      expect(denial.body.error).toBe("Invalid API key");
      expect(fake.calls.verify).toBe(1);
    },
  );

  it("the old secret of a rotated key", async () => {
    const { id, key } = fake.addKey();
    fake.rotateKey(id);
    expectRow(
      await authorize(createKinde(), { headers: bearer(key) }),
      401,
      "INVALID_KEY",
      challenge,
    );
  });

  it("a deleted key", async () => {
    const { id, key } = fake.addKey();
    fake.removeKey(id);
    fake.setUnknownKeyAnswer("error-404");
    expectRow(
      await authorize(createKinde(), { headers: bearer(key) }),
      401,
      "INVALID_KEY",
      challenge,
    );
  });
});

describe("401 KEY_REVOKED / KEY_INACTIVE", () => {
  const challenge = `${REALM}, error="invalid_token"`;

  it("a revoked key", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    fake.revokeKey(id);
    const denial = expectRow(
      await authorize(createKinde(), { headers: bearer(key) }),
      401,
      "KEY_REVOKED",
      challenge,
    );
    expect(denial.body.error).toBe("API key has been revoked");
  });

  it("an inactive key", async () => {
    const { key } = fake.addKey({ status: "inactive" });
    const denial = expectRow(
      await authorize(createKinde(), { headers: bearer(key) }),
      401,
      "KEY_INACTIVE",
      challenge,
    );
    expect(denial.body.error).toBe("API key is not active");
  });
});

describe("403 INSUFFICIENT_SCOPE", () => {
  type Scope = "read:ai_chats" | "write:ai_chat" | "admin";
  const both: Scope[] = ["read:ai_chats", "write:ai_chat"];

  it("mode all: lists required and missing scopes, and challenges with the required ones", async () => {
    const { key } = fake.addKey({ scopes: ["read:ai_chats"] });
    const result = await authorize(
      createKinde<Scope>(),
      { headers: bearer(key) },
      { scopes: both },
    );
    const denial = expectRow(
      result,
      403,
      "INSUFFICIENT_SCOPE",
      `${REALM}, error="insufficient_scope", scope="read:ai_chats write:ai_chat"`,
    );
    expect(denial.body).toEqual({
      error: "Insufficient scope. Required: read:ai_chats, write:ai_chat",
      code: "INSUFFICIENT_SCOPE",
      required_scopes: both,
      missing_scopes: ["write:ai_chat"],
    });
  });

  it("mode all passes when every scope is held", async () => {
    const { key } = fake.addKey({ scopes: ["write:ai_chat", "read:ai_chats", "other"] });
    const result = await authorize(
      createKinde<Scope>(),
      { headers: bearer(key) },
      { scopes: both },
    );
    expect(result.ok).toBe(true);
  });

  it("mode any passes with one of the scopes", async () => {
    const { key } = fake.addKey({ scopes: ["write:ai_chat"] });
    const result = await authorize(
      createKinde<Scope>(),
      { headers: bearer(key) },
      { scopes: both, scopeMode: "any" },
    );
    expect(result.ok).toBe(true);
  });

  it("mode any refuses a key with none of them, listing all as missing", async () => {
    const { key } = fake.addKey({ scopes: ["admin"] });
    const result = await authorize(
      createKinde<Scope>(),
      { headers: bearer(key) },
      { scopes: both, scopeMode: "any" },
    );
    const denial = denied(result);
    expect(denial.status).toBe(403);
    expect(denial.body.missing_scopes).toEqual(both);
  });

  it("scope names are compared exactly (case-sensitive)", async () => {
    const { key } = fake.addKey({ scopes: ["READ:AI_CHATS"] });
    const result = await authorize(
      createKinde<Scope>(),
      { headers: bearer(key) },
      { scopes: ["read:ai_chats"] },
    );
    expect(denied(result).body.code).toBe("INSUFFICIENT_SCOPE");
  });
});

describe("403 ORG_MISMATCH", () => {
  it("an org key against another orgCode value", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const kinde = createKinde();
    expectRow(
      await authorize(kinde, { headers: bearer(key) }, { orgCode: "org_other" }),
      403,
      "ORG_MISMATCH",
      undefined,
    );
    expect((await authorize(kinde, { headers: bearer(key) }, { orgCode: "org_acme" })).ok).toBe(
      true,
    );
  });

  it("an orgCode function of the request context", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const authorize = createAuthorizer<{ params: { org?: string } }>(createKinde(), {
      orgCode: (req) => req.params.org,
    });
    const ask = (org: string | undefined) =>
      authorize({ headers: bearer(key), context: { params: { org } } });
    expectRow(await ask("org_other"), 403, "ORG_MISMATCH", undefined);
    expect((await ask("org_acme")).ok).toBe(true);
    // A function that finds no organization in the route refuses: it never skips the check.
    expectRow(await ask(undefined), 403, "ORG_MISMATCH", undefined);
  });

  it("an orgCode on the input overrides the option", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const authorize = createAuthorizer(createKinde(), { orgCode: "org_acme" });
    expectRow(
      await authorize({ headers: bearer(key), orgCode: "org_other" }),
      403,
      "ORG_MISMATCH",
      undefined,
    );
  });

  it("a throwing orgCode function refuses the request", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const errors: unknown[] = [];
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      {
        orgCode: () => {
          throw new Error("no route params");
        },
        onError: (_denial, error) => {
          errors.push(error);
        },
      },
    );
    expectRow(result, 403, "ORG_MISMATCH", undefined);
    expect(errors).toEqual([new Error("no route params")]);
  });

  it("a user key, or an empty route value, never matches an organization", async () => {
    const { key } = fake.addKey({ userId: "kp_alice" });
    const kinde = createKinde();
    expectRow(
      await authorize(kinde, { headers: bearer(key) }, { orgCode: "org_acme" }),
      403,
      "ORG_MISMATCH",
      undefined,
    );
    const { key: orgKey } = fake.addKey({ orgCode: "org_acme" });
    expectRow(
      await authorize(kinde, { headers: bearer(orgKey), orgCode: "" }),
      403,
      "ORG_MISMATCH",
      undefined,
    );
    expectRow(
      await authorize(kinde, { headers: bearer(orgKey), orgCode: null }),
      403,
      "ORG_MISMATCH",
      undefined,
    );
  });
});

describe("403 OWNER_NOT_ALLOWED", () => {
  it.each([
    ["a user key where organizations are required", { userId: "kp_alice" }, "organization"],
    ["an environment key where tenants are required", {}, "tenant"],
    [
      "an org key where users or environments are required",
      { orgCode: "org_a" },
      ["user", "environment"],
    ],
  ] as const)("%s", async (_, seed, owner) => {
    const { key } = fake.addKey(seed);
    const result = await authorize(createKinde(), { headers: bearer(key) }, { owner });
    const denial = expectRow(result, 403, "OWNER_NOT_ALLOWED", undefined);
    expect(denial.body.error).toMatch(/owner type/);
  });

  it("tenant allows user and organization keys", async () => {
    const kinde = createKinde();
    for (const seed of [{ userId: "kp_alice" }, { orgCode: "org_a" }]) {
      const { key } = fake.addKey(seed);
      expect((await authorize(kinde, { headers: bearer(key) }, { owner: "tenant" })).ok).toBe(true);
    }
  });
});

describe("503 VERIFICATION_UNAVAILABLE: Kinde unreachable, misconfigured or answering garbage", () => {
  const key = "k_live_0123456789abcdef0123456789abcdef";

  async function unavailable(
    inject: () => void,
    config: Parameters<typeof createKinde>[0] = {},
  ): Promise<AuthorizeDenial> {
    inject();
    const denial = expectRow(
      await authorize(createKinde(config), { headers: bearer(key) }),
      503,
      "VERIFICATION_UNAVAILABLE",
      undefined,
    );
    expect(denial.body.error).toBe("API key verification is temporarily unavailable");
    return denial;
  }

  it("verify answering 500 gets a default Retry-After of 5 s", async () => {
    const denial = await unavailable(() =>
      fake.inject({ endpoint: "verify", type: "status", status: 500 }),
    );
    expect(denial.headers["retry-after"]).toBe("5");
  });

  it("Kinde's own Retry-After is passed on", async () => {
    const denial = await unavailable(() =>
      fake.inject({
        endpoint: "verify",
        type: "status",
        status: 429,
        headers: { "Retry-After": "7" },
      }),
    );
    expect(denial.headers["retry-after"]).toBe("7");
  });

  it("Kinde's RateLimit-Reset is passed on, capped at 60 s", async () => {
    const denial = await unavailable(() =>
      fake.inject({
        endpoint: "verify",
        type: "status",
        status: 429,
        headers: { "RateLimit-Reset": "3600" },
      }),
    );
    expect(denial.headers["retry-after"]).toBe("60");
  });

  it("the token endpoint down", async () => {
    await unavailable(() => fake.inject({ endpoint: "token", type: "status", status: 503 }));
    expect(fake.calls.verify).toBe(0);
  });

  it("a dropped connection", async () => {
    await unavailable(() => fake.inject({ endpoint: "any", type: "reset" }));
  });

  it("wrong M2M credentials (never read as an invalid key)", async () => {
    await unavailable(() => undefined, { clientSecret: "wrong-secret" });
  });

  it("a non-JSON answer", async () => {
    await unavailable(() => fake.inject({ endpoint: "verify", type: "non-json" }));
  });

  it("a body that says valid without a key id", async () => {
    await unavailable(() =>
      fake.inject({ endpoint: "verify", type: "body", body: { is_valid: true, status: "active" } }),
    );
  });

  it("a caller that gives up waiting", async () => {
    fake.setLatency(1_000);
    const controller = new AbortController();
    const pending = authorize(createKinde(), { headers: bearer(key), signal: controller.signal });
    controller.abort(new Error("client went away"));
    expectRow(await pending, 503, "VERIFICATION_UNAVAILABLE", undefined);
  });
});

describe("onError reshapes refusals, and can never turn one into a pass", () => {
  it("a returned denial replaces the original", async () => {
    const result = await authorize(
      createKinde(),
      { headers: {} },
      {
        onError: (denial) => ({
          ...denial,
          headers: { ...denial.headers, "x-error": "1" },
          body: { ...denial.body, error: "Who are you?" },
        }),
      },
    );
    const denial = expectRow(result, 401, "MISSING_KEY", REALM);
    expect(denial.body.error).toBe("Who are you?");
    expect(denial.headers["x-error"]).toBe("1");
  });

  it("returning nothing keeps the original", async () => {
    const result = await authorize(createKinde(), { headers: {} }, { onError: () => undefined });
    expect(denied(result).body.error).toBe(
      'No API key in Authorization. Expected "Authorization: Bearer <api key>"',
    );
  });

  it("a throwing onError keeps the original", async () => {
    const result = await authorize(
      createKinde(),
      { headers: {} },
      {
        onError: () => {
          throw new Error("hook bug");
        },
      },
    );
    expectRow(result, 401, "MISSING_KEY", REALM);
  });

  it("a pass returned from onError is ignored", async () => {
    const { key } = fake.addKey({ scopes: [] });
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      {
        scopes: ["admin"],
        onError: () => ({ ok: true }) as unknown as AuthorizeDenial,
      },
    );
    expectRow(
      result,
      403,
      "INSUFFICIENT_SCOPE",
      `${REALM}, error="insufficient_scope", scope="admin"`,
    );
  });

  it("receives Kinde's error for a 503", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 502 });
    const seen: unknown[] = [];
    await authorize(
      createKinde(),
      { headers: bearer("k_live_0123456789abcdef") },
      { onError: (_denial, error) => void seen.push(error) },
    );
    expect(seen).toHaveLength(1);
    expect(isKindeKeysError(seen[0]) && seen[0].code).toBe("KINDE_UNAVAILABLE");
  });
});

describe("a header of the application's choosing", () => {
  it("x-api-key carries the bare key", async () => {
    const { key } = fake.addKey();
    const kinde = createKinde();
    const options = { header: "x-api-key" };
    expect((await authorize(kinde, { headers: { "x-api-key": key } }, options)).ok).toBe(true);
    expect((await authorize(kinde, { headers: { "X-Api-Key": key } }, options)).ok).toBe(true);
    expect(
      (await authorize(kinde, { headers: new Headers({ "X-API-KEY": key }) }, options)).ok,
    ).toBe(true);
  });

  it("x-api-key ignores the Authorization header and refuses a scheme in its value", async () => {
    const { key } = fake.addKey();
    const kinde = createKinde();
    const options = { header: "X-API-Key" };
    expectRow(await authorize(kinde, { headers: bearer(key) }, options), 401, "MISSING_KEY", REALM);
    expectRow(
      await authorize(kinde, { headers: { "x-api-key": `Bearer ${key}` } }, options),
      400,
      "INVALID_REQUEST",
      `${REALM}, error="invalid_request"`,
    );
  });

  it("a custom scheme on a custom header", async () => {
    const { key } = fake.addKey();
    const options = { header: "x-api-key", scheme: "ApiKey" };
    const kinde = createKinde();
    expect(
      (await authorize(kinde, { headers: { "x-api-key": `apikey ${key}` } }, options)).ok,
    ).toBe(true);
    expect(denied(await authorize(kinde, { headers: { "x-api-key": key } }, options)).status).toBe(
      400,
    );
  });
});

describe("the order of checks", () => {
  it("a revoked key is refused as revoked even when scopes and org would also fail", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_a" });
    fake.revokeKey(id);
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { scopes: ["admin"], orgCode: "org_b", owner: "user" },
    );
    expect(denied(result).body.code).toBe("KEY_REVOKED");
  });

  it("owner and organization are checked before scopes", async () => {
    const { key } = fake.addKey({ orgCode: "org_a" });
    const kinde = createKinde();
    const wrongOrg = await authorize(
      kinde,
      { headers: bearer(key) },
      { scopes: ["x"], orgCode: "org_b" },
    );
    expect(denied(wrongOrg).body.code).toBe("ORG_MISMATCH");
    const wrongOwner = await authorize(
      kinde,
      { headers: bearer(key) },
      { scopes: ["x"], owner: "user" },
    );
    expect(denied(wrongOwner).body.code).toBe("OWNER_NOT_ALLOWED");
  });
});
