/**
 * Property-based checks of the fail-closed promise (SECURITY.md): whatever arrives in the key
 * header, and whatever Kinde answers, nothing is a 500 and nothing passes without a valid key.
 * Core's `authorize` takes a raw header record, so it sees the full UTF-16 range; the adapters see
 * what an HTTP transport lets through.
 */
import { type AuthorizeResult, authorize, createKindeKeys } from "@acme/kinde-keys-core";
import { createAuthorizer } from "@acme/kinde-keys-core/adapter";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriver, type Driver, FRAMEWORKS, type RequestHeaders } from "./support/drivers.ts";
import { clientOf } from "./support/kinde.ts";

const DOCUMENTED_STATUSES = new Set([400, 401, 403, 429, 503]);

function expectFailClosed(result: AuthorizeResult, validKey: string, presented: unknown): void {
  if (result.ok) {
    expect(presented).toBe(validKey);
    return;
  }
  expect(DOCUMENTED_STATUSES.has(result.status)).toBe(true);
  expect(typeof result.body.code).toBe("string");
}

/** Header values around the valid key: prefixes, suffixes, case, whitespace, separators. */
function headerValue(validKey: string): fc.Arbitrary<string> {
  const token = fc.oneof(
    fc.constant(validKey),
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "binary-ascii", maxLength: 80 }),
    fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,600}=*$/),
    fc
      .tuple(
        fc.string({ unit: "binary", maxLength: 4 }),
        fc.string({ unit: "binary", maxLength: 4 }),
      )
      .map(([before, after]) => `${before}${validKey}${after}`),
    fc.constantFrom(validKey.toUpperCase(), validKey.slice(0, -1), `${validKey}=`, `${validKey}\0`),
    fc.nat({ max: 20_000 }).map((n) => "a".repeat(n)),
  );
  const scheme = fc.constantFrom(
    "Bearer",
    "bearer",
    "BEARER",
    "Basic",
    "Token",
    "",
    "Bearer\t",
    "Bearer:",
  );
  const gap = fc.constantFrom(" ", "  ", "\t", "", ", ", "\u00a0", "\r\n ");
  return fc.oneof(
    token,
    fc.tuple(scheme, gap, token).map(([s, g, t]) => `${s}${g}${t}`),
    fc.tuple(scheme, token, token).map(([s, a, b]) => `${s} ${a} ${b}`),
  );
}

describe("core authorize with a raw header record (full UTF-16 range)", () => {
  const fake = createFakeKinde();
  const { key: validKey } = fake.addKey({ orgCode: "org_a", scopes: ["read"] });

  it("Authorization: never a 500, never a pass without exactly the valid key", async () => {
    const kinde = clientOf(fake);
    const authorize = createAuthorizer(kinde, { scopes: ["read"] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerValue(validKey),
          fc.array(headerValue(validKey), { minLength: 2, maxLength: 3 }),
        ),
        fc.constantFrom("authorization", "Authorization", "AUTHORIZATION"),
        async (value, name) => {
          const result = await authorize({ headers: { [name]: value } });
          if (Array.isArray(value)) expect(result.ok).toBe(false);
          const presented =
            typeof value === "string" ? value.trim().replace(/^bearer +/i, "") : value;
          expectFailClosed(result, validKey, presented);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("x-api-key: never a 500, never a pass without exactly the valid key", async () => {
    const kinde = clientOf(fake);
    const authorize = createAuthorizer(kinde, { header: "x-api-key" });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerValue(validKey),
          fc.array(headerValue(validKey), { minLength: 2, maxLength: 3 }),
        ),
        async (value) => {
          const result = await authorize({ headers: { "x-api-key": value } });
          expectFailClosed(result, validKey, typeof value === "string" ? value.trim() : value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a Fetch Headers object with the valid key duplicated is refused", async () => {
    const kinde = clientOf(fake);
    const headers = new Headers();
    headers.append("authorization", `Bearer ${validKey}`);
    headers.append("authorization", `Bearer ${validKey}`);
    const result = await authorize(kinde, { headers });
    expect(result.ok).toBe(false);
    expect(result.ok ? 0 : result.status).toBe(400);
  });

  it("malformed input is refused locally and never sent to Kinde", async () => {
    const kinde = clientOf(fake, { cache: false });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 40 }), async (junk) => {
        fc.pre(!/^[A-Za-z0-9\-._~+/]+=*$/.test(junk.trim()));
        const before = fake.calls.verify;
        const result = await authorize(kinde, { headers: { authorization: `Bearer ${junk}` } });
        expect(result.ok).toBe(false);
        expect(fake.calls.verify).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});

/** Verify bodies near and far from a valid answer. */
const kindeBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      code: fc.oneof(fc.constant("API_KEY_VERIFIED"), fc.string(), fc.constant(null)),
      is_valid: fc.oneof(fc.boolean(), fc.constantFrom("true", 1, 0, null, "false", [true], {})),
      key_id: fc.oneof(fc.constant("api_key_1"), fc.string(), fc.constant(null), fc.integer()),
      status: fc.oneof(
        fc.constantFrom(
          "active",
          "revoked",
          "inactive",
          "Active",
          "ACTIVE",
          "active ",
          "",
          "deleted",
        ),
        fc.string(),
        fc.constantFrom(null, 1, true),
      ),
      scopes: fc.oneof(
        fc.array(fc.string()),
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        fc.constantFrom(null, "read", {}),
      ),
      org_code: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
      user_id: fc.oneof(fc.string(), fc.constant(null), fc.boolean()),
      last_verified_on: fc.oneof(
        fc.string(),
        fc.constant("2024-11-18T13:32:03+11"),
        fc.jsonValue(),
      ),
      verification_count: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);

describe("arbitrary Kinde verify bodies", () => {
  it("are a valid result only when the body says is_valid: true and status: active", async () => {
    const fake = createFakeKinde();
    const { key } = fake.addKey({ scopes: ["read"] });
    const kinde = clientOf(fake, { cache: false });
    const authorize = createAuthorizer(kinde);
    await fc.assert(
      fc.asyncProperty(
        kindeBody,
        fc.constantFrom(200, 200, 200, 201, 400, 404),
        async (body, status) => {
          fake.clearFaults();
          fake.inject({ endpoint: "verify", type: "body", body, status, times: 2 });
          const saysValid =
            typeof body === "object" &&
            body !== null &&
            (body as { is_valid?: unknown }).is_valid === true &&
            (body as { status?: unknown }).status === "active";
          let verified: boolean;
          try {
            verified = (await kinde.verify(key)).valid;
          } catch (error) {
            expect((error as { name?: unknown }).name).toBe("KindeKeysError");
            verified = false;
          }
          if (verified) expect(saysValid && status < 300).toBe(true);
          const result = await authorize({ headers: { authorization: `Bearer ${key}` } });
          if (result.ok) expect(saysValid && status < 300).toBe(true);
          else expect(DOCUMENTED_STATUSES.has(result.status)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a client built from the environment alone never passes on garbage either", async () => {
    const fake = createFakeKinde();
    const { key } = fake.addKey();
    const kinde = createKindeKeys({
      env: {
        KINDE_DOMAIN: fake.origin,
        KINDE_M2M_CLIENT_ID: fake.clientId,
        KINDE_M2M_CLIENT_SECRET: fake.clientSecret,
      },
      fetch: fake.fetch,
      cache: false,
    });
    fake.inject({ endpoint: "verify", type: "body", body: { is_valid: true } });
    const result = await authorize(kinde, { headers: { authorization: `Bearer ${key}` } });
    expect(result.ok).toBe(false);
    expect(result.ok ? 0 : result.status).toBe(503);
  });
});

/** Characters an HTTP field value may carry (RFC 9110 §5.5): HTAB, SP, VCHAR and obs-text. */
const fieldChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constantFrom(0x20, 0x09) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((code) => String.fromCharCode(code));
const fieldValue = (maxLength: number) => fc.string({ unit: fieldChar, maxLength });

describe.each(FRAMEWORKS)("%s adapter with what HTTP lets through", (framework) => {
  const fake = createFakeKinde();
  const { key: validKey, id: validId } = fake.addKey({ orgCode: "org_a", scopes: ["read"] });
  const { key: narrowKey } = fake.addKey({ orgCode: "org_a", scopes: ["other"] });
  let bearer: Driver;
  let apiKeyHeader: Driver;

  beforeAll(async () => {
    // Express and Koa on real loopback HTTP: Node's own parser decides what a repeated header is.
    bearer = await createDriver(framework, { client: clientOf(fake), scopes: ["read"] }, "http");
    apiKeyHeader = await createDriver(
      framework,
      { client: clientOf(fake), header: "x-api-key" },
      "http",
    );
  });
  afterAll(async () => {
    await bearer.close();
    await apiKeyHeader.close();
  });

  const token = fc.oneof(
    fc.constantFrom(validKey, narrowKey, validKey.toUpperCase(), `${validKey}x`, validKey.slice(1)),
    fieldValue(60),
    fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,80}=*$/),
    fc.tuple(fieldValue(3), fieldValue(3)).map(([a, b]) => `${a}${validKey}${b}`),
    fc.nat({ max: 6_000 }).map((n) => `k_live_${"a".repeat(n)}`),
  );
  const scheme = fc.constantFrom(
    "Bearer ",
    "bearer ",
    "BEARER  ",
    "Bearer\t",
    "Basic ",
    "",
    "Bearer",
    "Token ",
  );
  const value = fc.oneof(
    token,
    fc.tuple(scheme, token).map(([s, t]) => `${s}${t}`),
  );
  const headers: fc.Arbitrary<RequestHeaders> = fc.oneof(
    { weight: 6, arbitrary: value.map((v) => ({ authorization: v })) },
    {
      weight: 2,
      arbitrary: fc
        .array(value, { minLength: 2, maxLength: 3 })
        .map((vs) => ({ authorization: vs })),
    },
    { weight: 1, arbitrary: fc.constant({}) },
    // Enough well-formed valid requests that "only the valid key passes" is tested, not vacuous.
    { weight: 2, arbitrary: scheme.map((s) => ({ authorization: `${s}${validKey}` })) },
  );

  /** The key a passing request may carry: exactly the valid one, after the scheme. */
  const presented = (v: string) => v.replace(/^[ \t]+|[ \t]+$/g, "").replace(/^bearer[ \t]+/i, "");

  async function send(driver: Driver, h: RequestHeaders) {
    try {
      return await driver.send(h);
    } catch (error) {
      // The transport itself refused the header (e.g. Fetch's Headers or Node's client checks).
      fc.pre(false);
      throw error;
    }
  }

  it("Authorization: never a 500, never a pass without exactly the valid key", async () => {
    let passed = 0;
    await fc.assert(
      fc.asyncProperty(headers, async (h) => {
        const before = bearer.handled;
        const answer = await send(bearer, h);
        expect([200, 400, 401, 403, 429, 503]).toContain(answer.status);
        if (answer.status === 200) {
          passed += 1;
          expect(Array.isArray(h.authorization), "a repeated Authorization never passes").toBe(
            false,
          );
          expect(presented(h.authorization as string)).toBe(validKey);
          expect(bearer.seen.at(-1)).toBe(validId);
          expect(bearer.handled).toBe(before + 1);
        } else {
          expect(bearer.handled).toBe(before);
          expect((JSON.parse(answer.body) as { code?: string }).code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 250 },
    );
    // The property only means something if some runs did pass.
    expect(passed).toBeGreaterThan(0);
  });

  it("x-api-key: never a 500, never a pass without exactly the valid key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          token.map((t) => ({ "x-api-key": t })),
          fc.array(token, { minLength: 2, maxLength: 2 }).map((ts) => ({ "x-api-key": ts })),
        ),
        async (h) => {
          const before = apiKeyHeader.handled;
          const answer = await send(apiKeyHeader, h);
          expect([200, 400, 401, 403, 429, 503]).toContain(answer.status);
          if (answer.status === 200) {
            // This route asks for no scope, so either issued key may pass, and nothing else.
            expect(Array.isArray(h["x-api-key"])).toBe(false);
            expect([validKey, narrowKey]).toContain(
              (h["x-api-key"] as string).replace(/^[ \t]+|[ \t]+$/g, ""),
            );
          } else expect(apiKeyHeader.handled).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a repeated header carrying the valid key twice is refused with 400", async () => {
    const answer = await bearer.send({
      authorization: [`Bearer ${validKey}`, `Bearer ${validKey}`],
    });
    expect(answer.status).toBe(400);
  });

  it("arbitrary Kinde bodies never let a request through unless they say active and valid", async () => {
    const kindeFake = createFakeKinde();
    const { key } = kindeFake.addKey({ scopes: ["read"] });
    const driver = await createDriver(framework, { client: clientOf(kindeFake, { cache: false }) });
    try {
      await fc.assert(
        fc.asyncProperty(kindeBody, async (body) => {
          kindeFake.clearFaults();
          kindeFake.inject({ endpoint: "verify", type: "body", body, times: 1 });
          const answer = await driver.send({ authorization: `Bearer ${key}` });
          const saysValid =
            typeof body === "object" &&
            body !== null &&
            (body as { is_valid?: unknown }).is_valid === true &&
            (body as { status?: unknown }).status === "active";
          expect([200, 401, 503]).toContain(answer.status);
          if (answer.status === 200) expect(saysValid).toBe(true);
        }),
        { numRuns: 150 },
      );
    } finally {
      await driver.close();
    }
  });
});
