/**
 * The M2M token as Kinde advises (FACTS §1): a form-encoded client-credentials request, one token
 * for many verifies, one refresh shared by concurrent callers, renewed shortly before `expires_in`,
 * and on a 401 from verify a fresh token and exactly one retry.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it, vi } from "vitest";
import { rejectionOf, setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeysError } from "../errors.ts";

// Ten-minute tokens, so early refresh (a minute before expiry) is easy to step through.
const { fake, createKinde } = setupFakeKinde({ tokenTtlSeconds: 600 });

describe("one token for many verifies", () => {
  it("sequential verifies of different keys reuse the token", async () => {
    const kinde = createKinde();
    for (let i = 0; i < 10; i += 1)
      expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    expect(fake.calls).toMatchObject({ token: 1, verify: 10 });
  });

  it("concurrent first verifies share one token request", async () => {
    const kinde = createKinde();
    const keys = Array.from({ length: 20 }, () => fake.addKey().key);
    const results = await Promise.all(keys.map((key) => kinde.verify(key)));
    expect(results.every((result) => result.valid)).toBe(true);
    expect(fake.calls).toMatchObject({ token: 1, verify: 20 });
  });

  it("each client has its own token", async () => {
    const { key } = fake.addKey();
    await createKinde().verify(key);
    await createKinde().verify(key);
    expect(fake.calls.token).toBe(2);
  });

  it("a failed token request is not remembered", async () => {
    const kinde = createKinde({ retry: { limit: 0 } });
    fake.inject({ endpoint: "token", type: "status", status: 503, times: 1 });
    expect(((await rejectionOf(kinde.verify(fake.addKey().key))) as KindeKeysError).code).toBe(
      "KINDE_UNAVAILABLE",
    );
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    expect(fake.calls.token).toBe(2);
  });
});

describe("the token request", () => {
  it.each([
    ["an empty token", { access_token: "", token_type: "Bearer", expires_in: 600 }],
    ["no token", { token_type: "Bearer", expires_in: 600 }],
    ["a token that is not text", { access_token: 42, expires_in: 600 }],
  ])("an answer with %s is KINDE_BAD_RESPONSE, and no verify call is made", async (_, body) => {
    const kinde = createKinde({
      fetch: (input, init) => {
        const request = new Request(input, init);
        return request.url.endsWith("/oauth2/token")
          ? Promise.resolve(Response.json(body))
          : fake.fetch(request);
      },
    });
    const error = (await rejectionOf(kinde.verify(fake.addKey().key))) as KindeKeysError;
    expect(error).toMatchObject({ code: "KINDE_BAD_RESPONSE", status: 200 });
    expect(error.message).toContain("no access token");
    expect(fake.calls.verify).toBe(0);
  });

  it("is a form-encoded client-credentials grant with the credentials in the body", async () => {
    const seen: Request[] = [];
    const kinde = createKinde({
      fetch: (input, init) => {
        const request = new Request(input, init);
        seen.push(request.clone());
        return fake.fetch(request);
      },
    });
    await kinde.verify(fake.addKey().key);
    const token = seen.find((request) => request.url === `${fake.origin}/oauth2/token`);
    expect(token?.method).toBe("POST");
    expect(token?.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(token?.headers.get("authorization")).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(await token?.text()))).toEqual({
      grant_type: "client_credentials",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      audience: `${fake.origin}/api`,
    });
  });
});

describe("401 from verify: a new token for one older than a minute, then one retry", () => {
  // A token younger than a minute is never replaced on a 401 (see verdicts.test.ts): these tests
  // let the clock pass that minute first.
  const aMinuteLater = () => vi.setSystemTime(Date.now() + 61_000);

  it("recovers from tokens Kinde stopped accepting", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde();
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    aMinuteLater();
    fake.expireTokens();
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    // One 401, one fresh token, one retry.
    expect(fake.calls).toMatchObject({ token: 2, verify: 3 });
    // The fresh token is kept for later calls.
    expect((await kinde.verify(fake.addKey().key)).valid).toBe(true);
    expect(fake.calls).toMatchObject({ token: 2, verify: 4 });
  });

  it("concurrent verifies hit by the same 401 share one fresh token", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde();
    await kinde.verify(fake.addKey().key);
    aMinuteLater();
    fake.expireTokens();
    const keys = Array.from({ length: 5 }, () => fake.addKey().key);
    const results = await Promise.all(keys.map((key) => kinde.verify(key)));
    expect(results.every((result) => result.valid)).toBe(true);
    expect(fake.calls.token).toBe(2);
  });

  it("a second 401 is an auth failure, not an invalid key", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde();
    await kinde.verify(fake.addKey().key);
    aMinuteLater();
    fake.resetCalls();
    fake.inject({ endpoint: "verify", type: "status", status: 401, times: 2 });
    const error = (await rejectionOf(kinde.verify(fake.addKey().key))) as KindeKeysError;
    expect(error.code).toBe("KINDE_AUTH_FAILED");
    // One new token (the old one was a minute old), one retry, then the error.
    expect(fake.calls).toMatchObject({ token: 1, verify: 2 });
  });

  it("a refresh refused by Kinde is an auth failure", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde();
    await kinde.verify(fake.addKey().key);
    aMinuteLater();
    fake.expireTokens();
    fake.inject({ endpoint: "token", type: "status", status: 401 });
    const error = (await rejectionOf(kinde.verify(fake.addKey().key))) as KindeKeysError;
    expect(error.code).toBe("KINDE_AUTH_FAILED");
  });
});

describe("refresh shortly before expiry", () => {
  it("renews a minute before expires_in, before Kinde would refuse it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde({ cache: false });
    const { key } = fake.addKey();
    await kinde.verify(key);
    vi.advanceTimersByTime(539_000);
    await kinde.verify(key);
    expect(fake.calls.token).toBe(1);
    vi.advanceTimersByTime(2_000);
    await kinde.verify(key);
    expect(fake.calls.token).toBe(2);
    // No call carried an expired token: every verify was answered on the first try.
    expect(fake.calls.verify).toBe(3);
  });

  it("renews a tenth of the lifetime early for short-lived tokens", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const shortLived = createFakeKinde({ domain: "short.kinde.test", tokenTtlSeconds: 100 });
    const kinde = createKinde({
      domain: shortLived.origin,
      cache: false,
      fetch: (input, init) => shortLived.fetch(new Request(input, init)),
    });
    const { key } = shortLived.addKey();
    await kinde.verify(key);
    vi.advanceTimersByTime(89_000);
    await kinde.verify(key);
    expect(shortLived.calls.token).toBe(1);
    vi.advanceTimersByTime(2_000);
    await kinde.verify(key);
    expect(shortLived.calls).toMatchObject({ token: 2, verify: 3 });
  });

  it("a token past its lifetime is never sent", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const kinde = createKinde({ cache: false });
    const { key } = fake.addKey();
    await kinde.verify(key);
    vi.advanceTimersByTime(601_000);
    expect((await kinde.verify(key)).valid).toBe(true);
    expect(fake.calls).toMatchObject({ token: 2, verify: 2 });
  });
});
