/**
 * `kinde.verify()`: a result for anything about the key, a `KindeKeysError` with a stable `code` for
 * anything about Kinde (DESIGN §2). Driven through the fake Kinde over MSW; faults are injected at
 * the fake, never by replacing core's functions.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";
import { captureLogger, rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { KindeKeysError } from "../errors.ts";
import type { VerifyEvent } from "../types.ts";

const { fake, createKinde, server } = setupFakeKinde();
checkRequestsAgainstSpec(server);

const UNKNOWN = "k_live_ffffffffffffffffffffffffffffffff";

/** The `KindeKeysError` a verify rejects with; fails the test on anything else. */
async function kindeError(promise: Promise<unknown>): Promise<KindeKeysError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(KindeKeysError);
  return error as KindeKeysError;
}

describe("results about the key", () => {
  it("valid for an active key", async () => {
    const { id, key } = fake.addKey({ userId: "kp_alice", scopes: ["read:x"] });
    expect(await createKinde().verify(key)).toEqual({
      valid: true,
      key: {
        keyId: id,
        scopes: ["read:x"],
        owner: { type: "user", userId: "kp_alice" },
        orgCode: null,
        userId: "kp_alice",
        lastVerifiedOn: null,
        verificationCount: 1,
      },
    });
  });

  it.each([undefined, null, ""])("missing for %o, without calling Kinde", async (value) => {
    expect(await createKinde().verify(value)).toEqual({ valid: false, reason: "missing" });
    expect(fake.calls.total).toBe(0);
  });

  it.each(["has space", "k_live_é", "a".repeat(513), "k_live_\n", "=abc"])(
    "malformed for %j, without calling Kinde",
    async (value) => {
      expect(await createKinde().verify(value)).toEqual({ valid: false, reason: "malformed" });
      expect(fake.calls.total).toBe(0);
    },
  );

  it.each(["is-valid-false", "error-400", "error-404"] as const)(
    "invalid for an unknown key answered with %s",
    async (answer) => {
      fake.setUnknownKeyAnswer(answer);
      expect(await createKinde().verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    },
  );

  it("invalid for a 422, 401 or 403 whose body names the API key", async () => {
    const kinde = createKinde({ cache: false });
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 422,
      body: { errors: [{ code: "INVALID", message: "Malformed API key" }] },
      times: 1,
    });
    expect(await kinde.verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 401,
      body: { errors: [{ code: "INVALID_API_KEY", message: "Invalid API key" }] },
      times: 1,
    });
    expect(await kinde.verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 403,
      body: { errors: [{ code: "API_KEY_FORBIDDEN" }] },
      times: 1,
    });
    expect(await kinde.verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    expect(fake.calls.token).toBe(1);
  });

  it("revoked and inactive", async () => {
    const revoked = fake.addKey({ status: "revoked" });
    const inactive = fake.addKey({ status: "inactive" });
    const kinde = createKinde();
    expect(await kinde.verify(revoked.key)).toEqual({ valid: false, reason: "revoked" });
    expect(await kinde.verify(inactive.key)).toEqual({ valid: false, reason: "inactive" });
  });

  it("sends the key to Kinde as-is, in the JSON body, with the M2M token", async () => {
    const seen: { authorization: string | null; body: unknown; type: string | null }[] = [];
    const kinde = createKinde({
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.url.endsWith("/verify")) {
          seen.push({
            authorization: request.headers.get("authorization"),
            type: request.headers.get("content-type"),
            body: await request.clone().json(),
          });
        }
        return fake.fetch(request);
      },
    });
    const { key } = fake.addKey();
    await kinde.verify(key);
    expect(seen).toEqual([
      {
        authorization: expect.stringMatching(/^Bearer \S+$/),
        type: "application/json",
        body: { api_key: key },
      },
    ]);
  });
});

describe("KINDE_UNAVAILABLE", () => {
  it("5xx after retries: one try plus retry.limit", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    const error = await kindeError(
      createKinde({ retry: { limit: 2, maxDelayMs: 5 } }).verify(UNKNOWN),
    );
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/503/);
    expect(fake.calls.verify).toBe(3);
  });

  it("recovers when a retry succeeds", async () => {
    const { key } = fake.addKey();
    fake.inject({ endpoint: "verify", type: "status", status: 500, times: 2 });
    expect((await createKinde().verify(key)).valid).toBe(true);
    expect(fake.calls.verify).toBe(3);
  });

  it("does not retry when retry.limit is 0", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 502 });
    await kindeError(createKinde({ retry: { limit: 0 } }).verify(UNKNOWN));
    expect(fake.calls.verify).toBe(1);
  });

  it.each([
    ["Retry-After", { "Retry-After": "3" }, 3],
    ["RateLimit-Reset", { "RateLimit-Reset": "2" }, 2],
    ["neither", {}, undefined],
  ] as const)(
    "429 with %s: not retried (the circuit breaker honours it)",
    async (_, headers, retryAfterSeconds) => {
      fake.inject({ endpoint: "verify", type: "status", status: 429, headers: { ...headers } });
      const error = await kindeError(createKinde({ logger: false }).verify(UNKNOWN));
      expect(error.code).toBe("KINDE_UNAVAILABLE");
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBe(retryAfterSeconds);
      expect(fake.calls.verify).toBe(1);
    },
  );

  it("honours a 503's Retry-After, capped at retry.maxDelayMs", async () => {
    const { key } = fake.addKey();
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 503,
      headers: { "Retry-After": "30" },
      times: 1,
    });
    const started = performance.now();
    expect((await createKinde({ retry: { maxDelayMs: 150 } }).verify(key)).valid).toBe(true);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("a hang past the timeout ends in bounded time", async () => {
    fake.inject({ endpoint: "verify", type: "hang" });
    const kinde = createKinde({ timeoutMs: 50, retry: { limit: 5, maxDelayMs: 5 } });
    const started = performance.now();
    const error = await kindeError(kinde.verify(UNKNOWN));
    const elapsed = performance.now() - started;
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(error.message).toMatch(/in time/);
    // totalTimeoutMs defaults to 2 × timeoutMs: the retries cannot stretch it.
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("an explicit totalTimeoutMs bounds the whole call", async () => {
    fake.inject({ endpoint: "verify", type: "hang" });
    const kinde = createKinde({ timeoutMs: 1_000, totalTimeoutMs: 80 });
    const started = performance.now();
    expect((await kindeError(kinde.verify(UNKNOWN))).code).toBe("KINDE_UNAVAILABLE");
    expect(performance.now() - started).toBeLessThan(900);
  });

  it("a hanging token endpoint ends in bounded time", async () => {
    fake.inject({ endpoint: "token", type: "hang" });
    const started = performance.now();
    const error = await kindeError(createKinde({ timeoutMs: 40 }).verify(UNKNOWN));
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(fake.calls.verify).toBe(0);
  });

  it("a connection reset, retried then reported", async () => {
    fake.inject({ endpoint: "verify", type: "reset" });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(error.message).toMatch(/could not reach Kinde/);
    expect(error.cause).toBeDefined();
    expect(fake.calls.verify).toBe(3);
  });

  it("a connection reset at the token endpoint", async () => {
    fake.inject({ endpoint: "token", type: "reset" });
    expect((await kindeError(createKinde().verify(UNKNOWN))).code).toBe("KINDE_UNAVAILABLE");
  });

  it("5xx at the token endpoint", async () => {
    fake.inject({ endpoint: "token", type: "status", status: 500 });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(error.status).toBe(500);
  });
});

describe("KINDE_AUTH_FAILED: never reported as an invalid key", () => {
  it("a bad client secret at the token endpoint", async () => {
    const error = await kindeError(createKinde({ clientSecret: "not-the-secret" }).verify(UNKNOWN));
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    expect(error.status).toBe(401);
    expect(fake.calls).toMatchObject({ token: 1, verify: 0 });
  });

  it("an unknown client id", async () => {
    const error = await kindeError(createKinde({ clientId: "someone-else" }).verify(UNKNOWN));
    expect(error.code).toBe("KINDE_AUTH_FAILED");
  });

  it("a wrong audience (400 from the token endpoint)", async () => {
    const error = await kindeError(
      createKinde({ audience: "https://elsewhere/api" }).verify(UNKNOWN),
    );
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    expect(error.status).toBe(400);
  });

  it("a fresh token rejected: no new token, the error", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 401 });
    const error = await kindeError(createKinde({ logger: false }).verify(UNKNOWN));
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    expect(error.status).toBe(401);
    expect(fake.calls).toMatchObject({ token: 1, verify: 1 });
  });

  it("an application without read:api_keys (403)", async () => {
    // A second fake whose M2M application lacks the scope, reached through the `fetch` option.
    const narrow = createFakeKinde({
      domain: "narrow.kinde.test",
      clientScopes: ["create:api_keys"],
    });
    const kinde = createKinde({
      domain: narrow.origin,
      fetch: (input, init) => narrow.fetch(new Request(input, init)),
    });
    const error = await kindeError(kinde.verify(UNKNOWN));
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    expect(error.status).toBe(403);
  });
});

describe("KINDE_BAD_RESPONSE", () => {
  it.each([
    ["is_valid as a string", { is_valid: "true", status: "active", key_id: "api_key_1" }],
    ["is_valid missing", { status: "active", key_id: "api_key_1" }],
    [
      "scopes with a number",
      { is_valid: true, status: "active", key_id: "api_key_1", scopes: [1] },
    ],
    [
      "scopes as a string",
      { is_valid: true, status: "active", key_id: "api_key_1", scopes: "a b" },
    ],
    ["valid without key_id", { is_valid: true, status: "active", scopes: [] }],
    ["valid without status", { is_valid: true, key_id: "api_key_1" }],
    ["org_code as a number", { is_valid: true, status: "active", key_id: "k", org_code: 7 }],
    ["an array", [{ is_valid: true }]],
    ["null", null],
    ["a string", "valid"],
  ])("%s", async (_, body) => {
    fake.inject({ endpoint: "verify", type: "body", body });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_BAD_RESPONSE");
    expect(error.status).toBe(200);
  });

  it("a non-JSON answer", async () => {
    fake.inject({ endpoint: "verify", type: "non-json" });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_BAD_RESPONSE");
    expect(error.message).toMatch(/not JSON/);
  });

  it("a token answer without an access token", async () => {
    fake.inject({ endpoint: "token", type: "body", body: { token_type: "Bearer" } });
    expect((await kindeError(createKinde().verify(UNKNOWN))).code).toBe("KINDE_BAD_RESPONSE");
  });

  it("a non-JSON token answer", async () => {
    fake.inject({ endpoint: "token", type: "non-json" });
    expect((await kindeError(createKinde().verify(UNKNOWN))).code).toBe("KINDE_BAD_RESPONSE");
  });

  it("an unexpected status such as 409", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 409 });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_BAD_RESPONSE");
    expect(error.status).toBe(409);
  });

  it("a redirect is not followed (it could carry the token elsewhere)", async () => {
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 302,
      headers: { location: "https://evil.test/steal" },
    });
    const error = await kindeError(createKinde().verify(UNKNOWN));
    expect(error.code).toBe("KINDE_BAD_RESPONSE");
    expect(error.status).toBe(302);
    expect(fake.calls.total).toBe(2);
  });
});

describe("onVerify and the logger", () => {
  it("reports every outcome with a redacted hint, never the key", async () => {
    const events: VerifyEvent[] = [];
    const kinde = createKinde({ onVerify: (event) => events.push(event) });
    const { id, key } = fake.addKey({ orgCode: "org_a" });
    await kinde.verify(key);
    await kinde.verify(key);
    await kinde.verify("bad key");
    fake.inject({ endpoint: "verify", type: "status", status: 500 });
    await rejectionOf(kinde.verify(UNKNOWN));
    expect(events.map(({ durationMs: _, ...rest }) => rest)).toEqual([
      {
        outcome: "valid",
        keyId: id,
        owner: { type: "organization", orgCode: "org_a" },
        keyHint: `k_live_…${key.slice(-4)}`,
        cached: false,
      },
      {
        outcome: "valid",
        keyId: id,
        owner: { type: "organization", orgCode: "org_a" },
        keyHint: `k_live_…${key.slice(-4)}`,
        cached: true,
      },
      { outcome: "malformed", keyHint: "…", cached: false },
      { outcome: "error", errorCode: "KINDE_UNAVAILABLE", keyHint: "k_live_…ffff", cached: false },
    ]);
    for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a throwing onVerify does not change the result and is logged", async () => {
    const { logger, lines } = captureLogger();
    const kinde = createKinde({
      logger,
      onVerify: () => {
        throw new Error("metrics down");
      },
    });
    const { key } = fake.addKey();
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(lines).toEqual([
      { level: "warn", obj: { err: "metrics down" }, msg: "kinde-keys: onVerify threw" },
    ]);
  });
});
