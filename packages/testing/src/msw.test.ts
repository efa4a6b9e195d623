import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFakeKinde } from "./fake-kinde.ts";

const fake = createFakeKinde({ domain: "acme.kinde.test" });
const server = setupServer(...fake.handlers);

/** A token through the real global `fetch`, intercepted by MSW. */
async function token(): Promise<string> {
  const response = await fetch(`${fake.origin}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      audience: `${fake.origin}/api`,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function verify(accessToken: string, apiKey: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.origin}/api/v1/api_keys/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ api_key: apiKey }),
    signal: signal ?? null,
  });
}

describe("fake.handlers with msw/node", () => {
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => {
    fake.clearFaults();
    fake.resetCalls();
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());

  it("serves the token endpoint and verify through the global fetch", async () => {
    const { key, id } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const response = await verify(await token(), key);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      is_valid: true,
      key_id: id,
      org_code: "org_acme",
    });
    expect(fake.calls).toMatchObject({ token: 1, verify: 1, total: 2 });
  });

  it("serves the management calls with query strings", async () => {
    fake.addKey({ userId: "kp_msw" });
    const response = await fetch(`${fake.origin}/api/v1/api_keys?user_id=kp_msw&page_size=5`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    const body = (await response.json()) as { api_keys: { user_id: string }[] };
    expect(body.api_keys.map((k) => k.user_id)).toEqual(["kp_msw"]);
  });

  it("turns a reset fault into a network error", async () => {
    const accessToken = await token();
    fake.inject({ endpoint: "verify", type: "reset", times: 1 });
    await expect(verify(accessToken, "k_live_x")).rejects.toBeInstanceOf(TypeError);
    expect(fake.calls.verify).toBe(1);
  });

  it("lets a hang end with the client's timeout, quietly", async () => {
    const consoleError = vi.spyOn(console, "error");
    const accessToken = await token();
    fake.inject({ endpoint: "verify", type: "hang" });
    await expect(verify(accessToken, "k_live_x", AbortSignal.timeout(50))).rejects.toMatchObject({
      name: "TimeoutError",
    });
    // Give MSW a moment to settle the aborted resolver before checking it stayed silent.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("passes injected statuses and bodies through unchanged", async () => {
    fake.inject({ endpoint: "token", type: "status", status: 401, times: 1 });
    const refused = await fetch(`${fake.origin}/oauth2/token`, { method: "POST" });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    fake.inject({ endpoint: "any", type: "non-json", times: 1 });
    expect(await (await fetch(`${fake.origin}/anything`)).text()).toBe("<html>oops</html>");
  });

  it("leaves other origins unhandled", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await expect(fetch("https://not-kinde.test/oauth2/token")).rejects.toThrow();
    expect(fake.calls.total).toBe(0);
    expect(String(consoleError.mock.calls[0]?.[0])).toMatch(/without a matching request handler/);
  });
});
