/**
 * The one mapping of Kinde's failed answers to error codes, seen from the public calls: the token
 * request (reached through verify), verify, and the management calls, each against the fake Kinde.
 */
import { describe, expect, it } from "vitest";
import { rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeysError } from "../errors.ts";
import { createKeyManager } from "../management/index.ts";

const { fake, createKinde } = setupFakeKinde();
const KEY = "k_live_0123456789abcdef0123456789abcdef";
const KEY_ID = "api_key_0123456789";

interface Row {
  readonly status: number;
  readonly body?: unknown;
  readonly code: KindeKeysError["code"];
  /** Parts the message must contain. */
  readonly says: readonly string[];
}

const TOKEN_ROWS: readonly Row[] = [
  {
    status: 400,
    code: "KINDE_AUTH_FAILED",
    says: ["M2M token request", "client id, secret and audience"],
  },
  { status: 401, code: "KINDE_AUTH_FAILED", says: ["(401)"] },
  { status: 418, code: "KINDE_AUTH_FAILED", says: ["(418)"] },
  { status: 408, code: "KINDE_BAD_RESPONSE", says: ["unexpected answer 408"] },
  { status: 429, code: "KINDE_UNAVAILABLE", says: ["Kinde answered 429"] },
  { status: 503, code: "KINDE_UNAVAILABLE", says: ["Kinde answered 503"] },
];

const VERIFY_ROWS: readonly Row[] = [
  { status: 401, code: "KINDE_AUTH_FAILED", says: ["Verify API key", "(401)"] },
  { status: 403, code: "KINDE_AUTH_FAILED", says: ["required scopes"] },
  { status: 409, code: "KINDE_BAD_RESPONSE", says: ["unexpected answer 409"] },
  { status: 502, code: "KINDE_UNAVAILABLE", says: ["Kinde answered 502"] },
];

const MANAGEMENT_ROWS: readonly Row[] = [
  { status: 401, code: "KINDE_AUTH_FAILED", says: ["Get API key", "read:api_keys scope"] },
  { status: 403, code: "KINDE_AUTH_FAILED", says: ["read:api_keys scope"] },
  {
    status: 409,
    body: { errors: [{ code: "CONFLICT", message: "busy\nnow" }] },
    code: "KINDE_BAD_RESPONSE",
    says: ["refused the request (409 CONFLICT: busy now)"],
  },
  {
    status: 400,
    body: { errors: { code: "INVALID_KEY_ID", message: "Bad id" } },
    code: "KINDE_BAD_RESPONSE",
    says: ["refused the request (400 INVALID_KEY_ID: Bad id)"],
  },
  { status: 408, code: "KINDE_BAD_RESPONSE", says: ["unexpected answer 408"] },
  { status: 500, code: "KINDE_UNAVAILABLE", says: ["Kinde answered 500"] },
];

async function expectRow(pending: Promise<unknown>, row: Row): Promise<void> {
  const error = (await rejectionOf(pending)) as KindeKeysError;
  expect(error).toMatchObject({ name: "KindeKeysError", code: row.code, status: row.status });
  for (const part of row.says) expect(error.message).toContain(part);
}

describe("Kinde failures become error codes", () => {
  it.each(TOKEN_ROWS)("token request: $status → $code", async (row) => {
    fake.inject({ endpoint: "token", type: "status", status: row.status, body: row.body });
    await expectRow(createKinde({ cache: false }).verify(KEY), row);
  });

  it.each(VERIFY_ROWS)("verify: $status → $code", async (row) => {
    const body = row.body ?? { errors: [{ code: "SOMETHING_ELSE" }] };
    fake.inject({ endpoint: "verify", type: "status", status: row.status, body });
    await expectRow(createKinde({ cache: false }).verify(KEY), row);
  });

  it.each(MANAGEMENT_ROWS)("management: $status → $code", async (row) => {
    fake.inject({ endpoint: "management", type: "status", status: row.status, body: row.body });
    await expectRow(createKeyManager(createKinde()).get(KEY_ID), row);
  });

  it("keeps Kinde's wait on an answer that says when to come back", async () => {
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 429,
      headers: { "Retry-After": "7" },
    });
    const error = (await rejectionOf(createKinde({ cache: false }).verify(KEY))) as KindeKeysError;
    expect(error).toMatchObject({ code: "KINDE_UNAVAILABLE", status: 429, retryAfterSeconds: 7 });
  });

  it("reports Kinde's answer at once when its wait would pass the total timeout", async () => {
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 503,
      headers: { "Retry-After": "5" },
    });
    const kinde = createKinde({
      cache: false,
      retry: { maxDelayMs: 10_000 },
      totalTimeoutMs: 3_000,
    });
    const error = (await rejectionOf(kinde.verify(KEY))) as KindeKeysError;
    // Not a timeout after sleeping to the deadline: Kinde's own answer, with its wait.
    expect(error).toMatchObject({ code: "KINDE_UNAVAILABLE", status: 503, retryAfterSeconds: 5 });
    expect(fake.calls.verify).toBe(1);
  });

  it("reads a management call's timeout like verify's", async () => {
    fake.inject({ endpoint: "management", type: "hang" });
    const keys = createKeyManager(createKinde({ timeoutMs: 40 }));
    const error = (await rejectionOf(keys.get(KEY_ID))) as KindeKeysError;
    expect(error).toMatchObject({
      code: "KINDE_UNAVAILABLE",
      message: "Get API key: Kinde did not answer in time.",
    });
  });

  it("reads a refusal of the key in Kinde's object-shaped error body", async () => {
    const kinde = createKinde({ cache: false });
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 401,
      body: { errors: { code: "INVALID_API_KEY", message: "Invalid API key" } },
      times: 1,
    });
    expect(await kinde.verify(KEY)).toEqual({ valid: false, reason: "invalid" });
    expect(fake.calls.token).toBe(1);
  });

  it("names the scope each management call needs", async () => {
    fake.inject({ endpoint: "management", type: "status", status: 403 });
    const kinde = createKinde();
    const create = createKeyManager(kinde).create({ name: "x", apiId: "api_1", orgCode: "org_1" });
    expect(((await rejectionOf(create)) as Error).message).toContain("create:api_keys scope");
    expect(
      ((await rejectionOf(createKeyManager(kinde).rotate(KEY_ID))) as Error).message,
    ).toContain("update:api_keys scope");
    expect(
      ((await rejectionOf(createKeyManager(kinde).delete(KEY_ID))) as Error).message,
    ).toContain("delete:api_keys scope");
  });
});
