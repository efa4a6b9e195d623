/**
 * What Kinde's verify answer must look like before it is trusted, checked through the public path:
 * the fake answers exactly the injected body and `kinde.verify()` reads it. Tolerant where Kinde is
 * loose (extra fields, nulls, the non-ISO `last_verified_on`), strict where trust depends on it.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { settle, setupFakeKinde } from "../../test/helpers.ts";
import { isKindeKeysError } from "../errors.ts";
import type { VerifyResult } from "../types.ts";

const { fake, createKinde } = setupFakeKinde();

const KEY = "k_live_0123456789abcdef0123456789abcdef";
const active = { is_valid: true, status: "active", key_id: "api_key_1" };

/** Verifies KEY with Kinde answering exactly `body` (200). */
async function answer(body: unknown): Promise<VerifyResult> {
  fake.inject({ endpoint: "verify", type: "body", body, times: 1 });
  return createKinde({ cache: false }).verify(KEY);
}

async function validKey(body: unknown) {
  const result = await answer(body);
  if (!result.valid) throw new Error(`expected valid, got ${result.reason}`);
  return result.key;
}

describe("last_verified_on", () => {
  it.each([
    [
      "Kinde's documented example (offset without minutes)",
      "2024-11-18T13:32:03+11",
      "2024-11-18T02:32:03.000Z",
    ],
    ["an offset without a colon", "2024-11-18T13:32:03+1100", "2024-11-18T02:32:03.000Z"],
    ["a negative hour-only offset", "2024-11-18T13:32:03-05", "2024-11-18T18:32:03.000Z"],
    ["strict ISO 8601", "2024-11-18T13:32:03+11:00", "2024-11-18T02:32:03.000Z"],
    ["UTC with Z", "2024-11-18T02:32:03.5Z", "2024-11-18T02:32:03.500Z"],
    ["null", null, null],
    ["garbage", "yesterday-ish", null],
    ["a number", 1_731_897_123, null],
    ["an empty string", "", null],
  ])("%s", async (_, value, expected) => {
    expect((await validKey({ ...active, last_verified_on: value })).lastVerifiedOn).toBe(expected);
  });

  it("the fake's own answers (Kinde's format) parse to the instant of the last verification", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2024, 10, 18, 2, 32, 3) });
    const { key } = fake.addKey();
    const kinde = createKinde({ cache: false });
    await kinde.verify(key);
    vi.advanceTimersByTime(60_000);
    const second = await kinde.verify(key);
    expect(second.valid && second.key.lastVerifiedOn).toBe("2024-11-18T02:32:03.000Z");
    expect(second.valid && second.key.verificationCount).toBe(2);
  });
});

describe("validity needs is_valid === true and status === active", () => {
  it.each([
    [{ ...active, status: "revoked" }, "revoked"],
    [{ ...active, is_valid: false, status: "revoked" }, "revoked"],
    [{ ...active, is_valid: false, status: "inactive" }, "inactive"],
    [{ ...active, is_valid: false, status: "active" }, "invalid"],
    [{ ...active, is_valid: false, status: null }, "invalid"],
    [{ is_valid: false }, "invalid"],
    [{ ...active, status: "suspended" }, "inactive"],
    [{ ...active, status: "ACTIVE" }, "inactive"],
  ])("%o → %s", async (body, reason) => {
    expect(await answer(body)).toEqual({ valid: false, reason });
  });
});

describe("the owner", () => {
  it("organization wins when both org_code and user_id are set", async () => {
    const key = await validKey({ ...active, org_code: "org_a", user_id: "kp_b" });
    expect(key.owner).toEqual({ type: "organization", orgCode: "org_a" });
    expect(key.orgCode).toBe("org_a");
    expect(key.userId).toBe("kp_b");
  });

  it("a user key", async () => {
    const key = await validKey({ ...active, org_code: null, user_id: "kp_b" });
    expect(key.owner).toEqual({ type: "user", userId: "kp_b" });
  });

  it("neither (or empty strings) is an environment key", async () => {
    expect((await validKey(active)).owner).toEqual({ type: "environment" });
    const key = await validKey({ ...active, org_code: "", user_id: "" });
    expect(key).toMatchObject({ owner: { type: "environment" }, orgCode: null, userId: null });
  });
});

describe("tolerance", () => {
  it("extra fields are ignored", async () => {
    const key = await validKey({
      ...active,
      scopes: ["a"],
      api_ids: ["api_1"],
      environment: { code: "production" },
      future_field: [1, 2, 3],
    });
    expect(key).toEqual({
      keyId: "api_key_1",
      scopes: ["a"],
      owner: { type: "environment" },
      orgCode: null,
      userId: null,
      lastVerifiedOn: null,
      verificationCount: null,
    });
  });

  it("nulls are accepted for every optional field", async () => {
    const key = await validKey({
      ...active,
      code: null,
      message: null,
      scopes: null,
      org_code: null,
      user_id: null,
      last_verified_on: null,
      verification_count: null,
    });
    expect(key.scopes).toEqual([]);
    expect(key.verificationCount).toBeNull();
  });

  it("an odd verification_count becomes null rather than failing", async () => {
    expect((await validKey({ ...active, verification_count: "42" })).verificationCount).toBeNull();
    expect((await validKey({ ...active, verification_count: 42 })).verificationCount).toBe(42);
  });
});

describe("property: no body is ever read as valid unless is_valid === true and status === active", () => {
  const junk = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 12 }),
    fc.constantFrom("true", "false", "active", "revoked", "inactive", ""),
    fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  );
  const body = fc.oneof(
    fc.record(
      {
        is_valid: fc.oneof(fc.boolean(), junk),
        status: fc.oneof(
          fc.constantFrom("active", "inactive", "revoked", "Active", " active"),
          junk,
        ),
        key_id: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), junk),
        scopes: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), junk),
        org_code: fc.oneof(fc.string({ maxLength: 10 }), junk),
        user_id: fc.oneof(fc.string({ maxLength: 10 }), junk),
        last_verified_on: junk,
        verification_count: junk,
        extra: junk,
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it("through kinde.verify()", async () => {
    const kinde = createKinde({ cache: false, retry: { limit: 0 }, verifyBudget: false });
    await fc.assert(
      fc.asyncProperty(body, async (candidate) => {
        fake.clearFaults();
        fake.inject({ endpoint: "verify", type: "body", body: candidate, times: 1 });
        const outcome = await settle(kinde.verify(KEY));
        if (!outcome.ok) {
          // The only acceptable failure is Kinde answering something unreadable.
          expect(isKindeKeysError(outcome.error) && outcome.error.code).toBe("KINDE_BAD_RESPONSE");
          return;
        }
        if (!outcome.value.valid) return;
        const data = candidate as Record<string, unknown>;
        expect(data.is_valid).toBe(true);
        expect(data.status).toBe("active");
        expect(outcome.value.key.keyId).toBe(data.key_id);
        for (const scope of outcome.value.key.scopes) expect(typeof scope).toBe("string");
      }),
      { numRuns: 300 },
    );
  });
});
