import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeConnectionResetError } from "./errors.ts";
import { createFakeKinde } from "./fake-kinde.ts";
import { apiRequest, getToken, tokenRequest } from "./test-helpers.ts";

function verifyRequest(
  fake: ReturnType<typeof createFakeKinde>,
  token: string,
  signal?: AbortSignal,
): Request {
  return apiRequest(fake, "POST", "/api/v1/api_keys/verify", token, { api_key: "k" }, signal);
}

describe("injected faults", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("status: answers the status with Kinde's error shape and the given headers", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 429,
      headers: { "RateLimit-Reset": "3" },
      times: 1,
    });
    const limited = await fake.fetch(verifyRequest(fake, token));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("ratelimit-reset")).toBe("3");
    expect(await limited.json()).toEqual({
      errors: [{ code: "TOO_MANY_REQUESTS", message: expect.any(String) }],
    });
    expect((await fake.fetch(verifyRequest(fake, token))).status).toBe(200);
  });

  it("status: uses the OAuth shape on the token endpoint, or the given body", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "token", type: "status", status: 503, times: 1 });
    const oauth = await fake.fetch(tokenRequest(fake));
    expect(oauth.status).toBe(503);
    expect((await oauth.json()).error).toBe("temporarily_unavailable");

    fake.inject({ endpoint: "token", type: "status", status: 500, body: { custom: 1 }, times: 1 });
    expect(await (await fake.fetch(tokenRequest(fake))).json()).toEqual({ custom: 1 });
  });

  it("status: sends an explicit null body and lets headers replace the content type", async () => {
    const fake = createFakeKinde();
    fake.inject({
      endpoint: "token",
      type: "status",
      status: 500,
      body: null,
      headers: { "Content-Type": "text/plain" },
    });
    const response = await fake.fetch(tokenRequest(fake));
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe("null");
  });

  it("status: a 204 goes out without a body", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "any", type: "status", status: 204 });
    const response = await fake.fetch(tokenRequest(fake));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("delay: answers normally after the delay", async () => {
    vi.useFakeTimers();
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "verify", type: "delay", ms: 1_000 });
    let settled = false;
    const pending = fake.fetch(verifyRequest(fake, token)).then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it("delay: stops waiting when the request is aborted", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "verify", type: "delay", ms: 60_000 });
    const controller = new AbortController();
    const pending = fake.fetch(verifyRequest(fake, token, controller.signal));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("hang: never answers, and rejects with the signal's reason on abort", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "token", type: "hang" });
    const started = Date.now();
    await expect(
      fake.fetch(new Request(tokenRequest(fake), { signal: AbortSignal.timeout(50) })),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("hang: an already aborted request rejects at once", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "any", type: "hang" });
    const request = new Request(tokenRequest(fake), { signal: AbortSignal.abort() });
    await expect(fake.fetch(request)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reset: fetch() rejects with FakeConnectionResetError, a TypeError", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "token", type: "reset", times: 1 });
    const failure = fake.fetch(tokenRequest(fake));
    await expect(failure).rejects.toBeInstanceOf(FakeConnectionResetError);
    await expect(failure).rejects.toBeInstanceOf(TypeError);
    expect((await fake.fetch(tokenRequest(fake))).status).toBe(200);
  });

  it("route-not-found: Kinde's 404 with an object-shaped errors", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "management", type: "route-not-found", times: 1 });
    const response = await fake.fetch(apiRequest(fake, "GET", "/api/v1/api_keys", token));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: { code: "ROUTE_NOT_FOUND", message: "No route for GET /api/v1/api_keys" },
    });
  });

  it("bare-401: a 401 without a body", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "management", type: "bare-401", times: 1 });
    const response = await fake.fetch(apiRequest(fake, "GET", "/api/v1/api_keys", token));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });

  it("non-json: answers 200 text/html", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "management", type: "non-json" });
    const response = await fake.fetch(apiRequest(fake, "GET", "/api/v1/api_keys", token));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toBe("<html>oops</html>");
  });

  it("body: answers exactly the given JSON body with the given status", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "verify", type: "body", body: { is_valid: "yes" }, times: 1 });
    fake.inject({ endpoint: "verify", type: "body", body: [], status: 201, times: 1 });
    const first = await fake.fetch(verifyRequest(fake, token));
    expect([first.status, await first.json()]).toEqual([200, { is_valid: "yes" }]);
    const second = await fake.fetch(verifyRequest(fake, token));
    expect([second.status, await second.json()]).toEqual([201, []]);
  });

  it("affects only the chosen endpoint group", async () => {
    const fake = createFakeKinde();
    const token = await getToken(fake);
    fake.inject({ endpoint: "management", type: "status", status: 500 });
    expect((await fake.fetch(verifyRequest(fake, token))).status).toBe(200);
    expect((await fake.fetch(tokenRequest(fake))).status).toBe(200);
    const management = [
      apiRequest(fake, "GET", "/api/v1/api_keys", token),
      apiRequest(fake, "GET", "/api/v1/api_keys/x", token),
      apiRequest(fake, "PUT", "/api/v1/api_keys/x", token),
      apiRequest(fake, "DELETE", "/api/v1/api_keys/x", token),
      apiRequest(fake, "POST", "/api/v1/api_keys", token, {}),
    ];
    for (const request of management) expect((await fake.fetch(request)).status).toBe(500);
  });

  it("applies until clearFaults() when times is not given", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "any", type: "status", status: 502 });
    for (let i = 0; i < 3; i++) expect((await fake.fetch(tokenRequest(fake))).status).toBe(502);
    fake.clearFaults();
    expect((await fake.fetch(tokenRequest(fake))).status).toBe(200);
  });

  it("uses faults in queue order, each for its number of times", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "token", type: "status", status: 500, times: 2 });
    fake.inject({ endpoint: "token", type: "status", status: 503, times: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fake.fetch(tokenRequest(fake))).status);
    expect(statuses).toEqual([500, 500, 503, 200]);
  });

  it("counts faulted calls", async () => {
    const fake = createFakeKinde();
    fake.inject({ endpoint: "token", type: "reset", times: 1 });
    await expect(fake.fetch(tokenRequest(fake))).rejects.toThrow();
    expect(fake.calls.token).toBe(1);
  });

  it.each([
    [{ endpoint: "any", type: "status", status: 99 }],
    [{ endpoint: "any", type: "status", status: 600 }],
    [{ endpoint: "any", type: "body", body: {}, status: 1.5 }],
    [{ endpoint: "any", type: "delay", ms: -1 }],
    [{ endpoint: "any", type: "hang", times: 0 }],
    [{ endpoint: "any", type: "hang", times: 1.5 }],
  ] as const)("refuses an out-of-range fault %o at injection", (fault) => {
    expect(() => createFakeKinde().inject(fault)).toThrow(RangeError);
  });

  it("latency: delays every answer and respects aborts", async () => {
    vi.useFakeTimers();
    const fake = createFakeKinde({ latencyMs: 200 });
    let done = false;
    const pending = fake.fetch(tokenRequest(fake)).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(199);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);

    const controller = new AbortController();
    const aborted = fake.fetch(new Request(tokenRequest(fake), { signal: controller.signal }));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });

    fake.setLatency(0);
    expect((await fake.fetch(tokenRequest(fake))).status).toBe(200);
    expect(() => fake.setLatency(-5)).toThrow(RangeError);
  });
});
