/**
 * Which of Kinde's answers are a verdict on the key, and which are a setup problem (issue 12, items
 * 1 and 2). Only a 200 with `is_valid: false`, or a 4xx whose body names the API key, refuses the
 * key; anything else is an error that answers 503, so a wrong domain or a wrong secret can never
 * turn every customer's request into a 401. Token requests are counted at the fake: Kinde bills per
 * M2M token, and junk keys must never mint them.
 */
import { describe, expect, it, vi } from "vitest";
import { rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeysError } from "../errors.ts";

const { fake, createKinde } = setupFakeKinde();
const UNKNOWN = "k_live_ffffffffffffffffffffffffffffffff";
const ROUTE_NOT_FOUND = { errors: { code: "ROUTE_NOT_FOUND", message: "Route not found" } };

function junk(i: number): string {
  return `k_live_${i.toString(16).padStart(32, "0")}`;
}

describe("a key verdict", () => {
  it.each([
    ["array", { errors: [{ code: "API_KEY_INVALID", message: "Invalid API key" }] }],
    ["object", { errors: { code: "API_KEY_INVALID", message: "Invalid API key" } }],
    ["message only", { errors: [{ code: "NOT_FOUND", message: "API key not found" }] }],
  ])("a 404 naming the key (%s) is an invalid key", async (_, body) => {
    fake.inject({ endpoint: "verify", type: "status", status: 404, body });
    expect(await createKinde().verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
  });

  it("a 401 whose message names the key is an invalid key, with no new token", async () => {
    const body = { errors: [{ code: "UNAUTHORIZED", message: "Invalid API key" }] };
    fake.inject({ endpoint: "verify", type: "status", status: 401, body });
    expect(await createKinde().verify(UNKNOWN)).toEqual({ valid: false, reason: "invalid" });
    expect(fake.calls.token).toBe(1);
  });
});

describe("a setup problem, never an invalid key", () => {
  it.each([
    ["object-shaped ROUTE_NOT_FOUND", ROUTE_NOT_FOUND],
    ["array-shaped ROUTE_NOT_FOUND", { errors: [{ code: "ROUTE_NOT_FOUND" }] }],
    ["no body", null],
  ])("a 404 with %s is KINDE_MISCONFIGURED", async (_, body) => {
    fake.inject({ endpoint: "verify", type: "status", status: 404, body });
    const error = (await rejectionOf(createKinde().verify(UNKNOWN))) as KindeKeysError;
    expect(error).toMatchObject({ name: "KindeKeysError", code: "KINDE_MISCONFIGURED" });
    expect(error.message).toContain(
      `route not found at ${fake.origin}: wrong Kinde domain, or API keys not enabled`,
    );
  });

  it("a 400 that does not name the key is not a verdict", async () => {
    const body = { errors: [{ code: "BAD_REQUEST", message: "Malformed body" }] };
    fake.inject({ endpoint: "verify", type: "status", status: 400, body });
    const error = (await rejectionOf(createKinde().verify(UNKNOWN))) as KindeKeysError;
    expect(error.code).toBe("KINDE_BAD_RESPONSE");
  });

  it("the fake's route-not-found answer reads as KINDE_MISCONFIGURED", async () => {
    fake.inject({ endpoint: "verify", type: "route-not-found" });
    const error = (await rejectionOf(createKinde().verify(UNKNOWN))) as KindeKeysError;
    expect(error).toMatchObject({ code: "KINDE_MISCONFIGURED", status: 404 });
    expect(error.kindeCode).toBe("ROUTE_NOT_FOUND");
  });
});

describe("401 from verify: a new token only for a token that is not fresh", () => {
  it("1,000 distinct junk keys answered with a bare 401 cost at most 2 token requests", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 401, body: null });
    const kinde = createKinde({
      cache: false,
      verifyBudget: false,
      fetch: fake.fetch,
      logger: false,
    });
    for (let i = 0; i < 1_000; i += 1) {
      const error = (await rejectionOf(kinde.verify(junk(i)))) as KindeKeysError;
      expect(error.code).toBe("KINDE_AUTH_FAILED");
    }
    expect(fake.calls.token).toBeLessThanOrEqual(2);
    expect(fake.calls.verify).toBe(1_000);
  });

  it("the fake's bare-401 answer to unknown keys mints no tokens either", async () => {
    fake.setUnknownKeyAnswer("bare-401");
    const kinde = createKinde({ cache: false, verifyBudget: false, logger: false });
    for (let i = 0; i < 100; i += 1) await rejectionOf(kinde.verify(junk(i)));
    expect(fake.calls.token).toBe(1);
  });

  it("a token older than a minute is replaced once on a 401, then the call is retried", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde({ cache: false });
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    vi.setSystemTime(1_700_000_061_000);
    fake.expireTokens();
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    expect(fake.calls).toMatchObject({ token: 2, verify: 3 });
  });

  it("a fresh token refused with a bare 401 is KINDE_AUTH_FAILED, with no new token", async () => {
    const kinde = createKinde({ cache: false });
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    fake.expireTokens();
    const error = (await rejectionOf(kinde.verify(fake.addKey().key))) as KindeKeysError;
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    expect(fake.calls.token).toBe(1);
  });
});
