/**
 * The Hono example over real HTTP (`@hono/node-server` on loopback) against the fake Kinde server,
 * and the Workers entry driven with bindings, as Workers would call it.
 */
import type { AddressInfo } from "node:net";
import type { AIProvider } from "@acme/kinde-keys-core";
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-hono";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { serve } from "@hono/node-server";
import type { ExecutionContext } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AIScope, type AppOptions, createApp } from "./app.ts";
import worker from "./worker.ts";

const ALL: AIScope[] = ["read:ai_support", "read:ai_chats", "write:ai_chat"];
const logLines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
  logLines.push({ level, obj, msg });
};
const logger = { info: at("info"), warn: at("warn"), error: at("error") };

let kinde: RunningFakeKinde;
let client: KindeKeys<AIScope>;
const closers: (() => void)[] = [];
const secrets: string[] = [];

async function listen(options: Omit<AppOptions, "kinde"> = {}): Promise<string> {
  const app = createApp({ kinde: client, logger, ...options });
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: 0, hostname: "127.0.0.1" },
      (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`),
    );
    closers.push(() => server.close());
  });
}

let url: string;
beforeAll(async () => {
  kinde = await startFakeKinde();
  client = createKindeKeys<AIScope>({
    domain: kinde.url,
    clientId: kinde.fake.clientId,
    clientSecret: kinde.fake.clientSecret,
    env: {},
  });
  url = await listen({ rateLimit: { limit: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  for (const close of closers) close();
  await kinde.close();
});

function addKey(seed: { orgCode?: string; userId?: string; scopes?: AIScope[] }): string {
  const { key } = kinde.fake.addKey({ scopes: ALL, ...seed });
  secrets.push(key);
  return key;
}

async function call(path: string, key?: string, body?: unknown, base = url) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(key && { authorization: `Bearer ${key}` }), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("hono example", () => {
  it("answers each tenant with its own data only", async () => {
    const acme = await call("/ai/support", addKey({ orgCode: "org_acme" }), {
      prompt: "Summarise",
    });
    expect(acme.status).toBe(200);
    expect(acme.body).toMatchObject({ owner: "org:org_acme", organization: "org_acme" });
    expect(JSON.stringify(acme.body.context)).not.toMatch(/GLX|ALICE/);

    const alice = await call("/ai/support", addKey({ userId: "kp_alice" }), {
      prompt: "Summarise",
    });
    expect(alice.body).toMatchObject({
      owner: "user:kp_alice",
      user_id: "kp_alice",
      context: { tickets: [{ id: "ALICE-1", subject: "Change my billing email" }] },
    });
  });

  it("keeps chat threads per tenant", async () => {
    const alice = addKey({ userId: "kp_alice" });
    await call("/ai/chat", alice, { prompt: "Remember: green." });
    const thread = await call("/ai/chat", alice);
    expect(JSON.stringify(thread.body.messages)).toContain("Remember: green.");
    const acme = await call("/ai/chat", addKey({ orgCode: "org_acme" }));
    expect(acme.body.messages).toEqual([]);
  });

  it("refuses missing, unknown and revoked keys, environment keys and missing scopes", async () => {
    expect(await call("/ai/support", undefined, { prompt: "x" })).toMatchObject({
      status: 401,
      body: { code: "MISSING_KEY" },
    });
    const unknown = await call("/ai/support", "k_live_00000000000000000000000000000000", {});
    expect(unknown).toMatchObject({ status: 401, body: { code: "INVALID_KEY" } });
    const { id, key } = kinde.fake.addKey({ orgCode: "org_acme", scopes: ALL });
    kinde.fake.revokeKey(id);
    expect(await call("/ai/support", key, {})).toMatchObject({
      status: 401,
      body: { code: "KEY_REVOKED" },
    });
    expect(await call("/ai/support", addKey({}), {})).toMatchObject({
      status: 403,
      body: { code: "OWNER_NOT_ALLOWED" },
    });
    const narrow = addKey({ orgCode: "org_acme", scopes: ["read:ai_chats"] });
    expect(await call("/ai/chat", narrow, { prompt: "hi" })).toMatchObject({
      status: 403,
      body: { code: "INSUFFICIENT_SCOPE", missing_scopes: ["write:ai_chat"] },
    });
  });

  it("limits each key and answers 429 with Retry-After", async () => {
    const key = addKey({ orgCode: "org_globex" });
    for (let n = 0; n < 3; n += 1)
      expect((await call("/ai/support", key, { prompt: "x" })).status).toBe(200);
    const limited = await call("/ai/support", key, { prompt: "x" });
    expect(limited).toMatchObject({ status: 429, body: { code: "RATE_LIMITED" } });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("guards prompts and answers", async () => {
    const input = await call("/ai/support", addKey({ orgCode: "org_acme" }), {
      prompt: "<script>x</script>",
    });
    expect(input).toMatchObject({
      status: 400,
      body: { code: "INPUT_REJECTED", violation: "script_tag" },
    });
    const evil: AIProvider = async () => '<img src=x onerror="alert(1)">';
    const evilUrl = await listen({ provider: evil });
    const output = await call(
      "/ai/support",
      addKey({ orgCode: "org_acme" }),
      { prompt: "hi" },
      evilUrl,
    );
    expect(output).toMatchObject({
      status: 502,
      body: { code: "OUTPUT_REJECTED", violation: "inline_handler" },
    });
  });

  it("logs usage by key id and owner, never a key", async () => {
    const { id, key } = kinde.fake.addKey({ orgCode: "org_acme", scopes: ALL });
    secrets.push(key);
    await call("/ai/support", key, { prompt: "hi" });
    expect(logLines).toContainEqual({
      level: "info",
      msg: "kinde-keys: AI request processed",
      obj: expect.objectContaining({ keyId: id, owner: "org:org_acme" }),
    });
    const everything = JSON.stringify(logLines);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

describe("the Workers entry", () => {
  it("builds its client from the bindings and serves the same routes", async () => {
    const env = {
      KINDE_DOMAIN: kinde.url,
      KINDE_MANAGEMENT_CLIENT_ID: kinde.fake.clientId,
      KINDE_MANAGEMENT_CLIENT_SECRET: kinde.fake.clientSecret,
    };
    const ctx: ExecutionContext = {
      waitUntil: () => {},
      passThroughOnException: () => {},
      props: {},
    };
    const request = (key?: string) =>
      new Request("https://worker.example/ai/support", {
        method: "POST",
        headers: {
          ...(key && { authorization: `Bearer ${key}` }),
          "content-type": "application/json",
        },
        body: JSON.stringify({ prompt: "Summarise" }),
      });
    const ok = await worker.fetch(request(addKey({ orgCode: "org_globex" })), env, ctx);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ owner: "org:org_globex" });
    expect((await worker.fetch(request(), env, ctx)).status).toBe(401);
  });
});
