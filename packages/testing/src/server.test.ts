import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningFakeKinde, startFakeKinde } from "./server.ts";

const running: RunningFakeKinde[] = [];

async function start(options?: Parameters<typeof startFakeKinde>[0]): Promise<RunningFakeKinde> {
  const kinde = await startFakeKinde(options);
  running.push(kinde);
  return kinde;
}

async function token(kinde: RunningFakeKinde): Promise<string> {
  const response = await fetch(`${kinde.url}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: kinde.fake.clientId,
      client_secret: kinde.fake.clientSecret,
      audience: `${kinde.url}/api`,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Resolves once the fake has received `count` requests (and so claimed their faults). */
async function arrived(kinde: RunningFakeKinde, count: number): Promise<void> {
  while (kinde.fake.calls.total < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("startFakeKinde", () => {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((kinde) => kinde.close()));
  });

  it("listens on a free loopback port and uses its URL as the origin", async () => {
    const kinde = await start();
    expect(kinde.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(kinde.url).not.toMatch(/:0$/);
    expect(kinde.fake.origin).toBe(kinde.url);
  });

  it("answers token, verify and management calls over real HTTP", async () => {
    const kinde = await start({
      keys: [{ key: "k_live_loop", id: "api_key_loop", userId: "kp_1" }],
    });
    const accessToken = await token(kinde);
    const verified = await fetch(`${kinde.url}/api/v1/api_keys/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ api_key: "k_live_loop" }),
    });
    expect(verified.status).toBe(200);
    expect(verified.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await verified.json()).toMatchObject({ is_valid: true, key_id: "api_key_loop" });

    const listed = await fetch(`${kinde.url}/api/v1/api_keys?key_type=user`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(((await listed.json()) as { api_keys: unknown[] }).api_keys).toHaveLength(1);
    expect(kinde.fake.calls).toMatchObject({ token: 1, verify: 1, list: 1 });
  });

  it("passes the options through to the fake", async () => {
    const kinde = await start({ clientId: "loop-id", clientSecret: "loop-secret" });
    expect(kinde.fake.clientId).toBe("loop-id");
    await token(kinde);
  });

  it("resets the connection on a reset fault, so fetch rejects", async () => {
    const kinde = await start();
    kinde.fake.inject({ endpoint: "token", type: "reset", times: 1 });
    const failure = fetch(`${kinde.url}/oauth2/token`, { method: "POST" });
    await expect(failure).rejects.toBeInstanceOf(TypeError);
    await expect(failure).rejects.toMatchObject({ cause: { code: "ECONNRESET" } });
    await token(kinde);
  });

  it("ends a hang when the client gives up", async () => {
    const kinde = await start();
    kinde.fake.inject({ endpoint: "token", type: "hang", times: 1 });
    const controller = new AbortController();
    const hanging = fetch(`${kinde.url}/oauth2/token`, {
      method: "POST",
      signal: controller.signal,
    });
    // Give up only once the fake holds the request: a client timeout that fires first (a loaded
    // machine) would leave the hang queued for the next request, which then never ends.
    await arrived(kinde, 1);
    controller.abort(new DOMException("gave up", "TimeoutError"));
    await expect(hanging).rejects.toMatchObject({ name: "TimeoutError" });
    await token(kinde);
  });

  it("answers unknown paths with 404", async () => {
    const kinde = await start();
    const response = await fetch(`${kinde.url}/nowhere`);
    expect(response.status).toBe(404);
  });

  it("close() stops listening, drops hanging requests and can be called twice", async () => {
    const kinde = await start();
    kinde.fake.inject({ endpoint: "any", type: "hang" });
    // A raw request with no client timeout: only close() can end it.
    const hanging = new Promise<string>((resolve) => {
      const req = httpRequest(`${kinde.url}/oauth2/token`, { method: "POST" });
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.on("response", () => resolve("answered"));
      req.end();
    });
    await arrived(kinde, 1);
    await kinde.close();
    await kinde.close();
    expect(await hanging).toBe("ECONNRESET");
    await expect(fetch(`${kinde.url}/oauth2/token`, { method: "POST" })).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it("fails to start on a port that is taken", async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startFakeKinde({ port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
