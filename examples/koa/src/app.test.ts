/**
 * The Koa example over real HTTP on loopback against the fake Kinde server: tenant isolation,
 * refusals, per-key limits, both AI guards and the usage log.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AIProvider } from "@acme/kinde-keys-core";
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-koa";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AIScope, type AppOptions, createApp } from "./app.ts";

const ALL: AIScope[] = ["read:ai_support", "read:ai_chats", "write:ai_chat"];
const logLines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
  logLines.push({ level, obj, msg });
};
const logger = { info: at("info"), warn: at("warn"), error: at("error") };

let kinde: RunningFakeKinde;
let client: KindeKeys<AIScope>;
const servers: Server[] = [];
const secrets: string[] = [];

async function listen(options: Omit<AppOptions, "kinde"> = {}): Promise<string> {
  const server = createApp({ kinde: client, logger, ...options }).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
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
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("koa example", () => {
  it("answers each tenant with its own data only", async () => {
    const globex = await call("/ai/support", addKey({ orgCode: "org_globex" }), {
      prompt: "Summarise",
    });
    expect(globex).toMatchObject({
      status: 200,
      body: {
        owner: "org:org_globex",
        organization: "org_globex",
        context: { tickets: [{ id: "GLX-7", subject: "Export to CSV times out" }] },
      },
    });
    const alice = await call("/ai/support", addKey({ userId: "kp_alice" }), {
      prompt: "Summarise",
    });
    expect(alice.body).toMatchObject({ owner: "user:kp_alice", user_id: "kp_alice" });
    expect(JSON.stringify(alice.body.context)).not.toMatch(/ACME|GLX/);
  });

  it("keeps chat threads per tenant", async () => {
    const alice = addKey({ userId: "kp_alice" });
    expect((await call("/ai/chat", alice, { prompt: "Remember: red." })).status).toBe(200);
    expect(JSON.stringify((await call("/ai/chat", alice)).body.messages)).toContain(
      "Remember: red.",
    );
    expect((await call("/ai/chat", addKey({ orgCode: "org_acme" }))).body.messages).toEqual([]);
  });

  it("refuses missing, unknown and revoked keys, environment keys and missing scopes", async () => {
    expect(await call("/ai/support", undefined, {})).toMatchObject({
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
    const narrow = addKey({ orgCode: "org_acme", scopes: ["read:ai_support"] });
    expect(await call("/ai/chat", narrow)).toMatchObject({
      status: 403,
      body: { code: "INSUFFICIENT_SCOPE", missing_scopes: ["read:ai_chats"] },
    });
  });

  it("limits each key and answers 429 with Retry-After", async () => {
    const key = addKey({ orgCode: "org_acme" });
    for (let n = 0; n < 3; n += 1)
      expect((await call("/ai/support", key, { prompt: "x" })).status).toBe(200);
    const limited = await call("/ai/support", key, { prompt: "x" });
    expect(limited).toMatchObject({ status: 429, body: { code: "RATE_LIMITED" } });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("guards prompts and answers, and refuses bodies that are not JSON", async () => {
    const key = addKey({ orgCode: "org_acme" });
    expect(await call("/ai/support", key, { prompt: "javascript:alert(1)" })).toMatchObject({
      status: 400,
      body: { code: "INPUT_REJECTED", violation: "javascript_url" },
    });
    expect(await call("/ai/support", key, "{oops")).toMatchObject({
      status: 400,
      body: { code: "INVALID_BODY" },
    });
    const evil: AIProvider = async () => "Your key: k_live_0123456789abcdef0123456789abcdef";
    const evilUrl = await listen({ provider: evil });
    const output = await call(
      "/ai/support",
      addKey({ orgCode: "org_acme" }),
      { prompt: "hi" },
      evilUrl,
    );
    expect(output).toMatchObject({
      status: 502,
      body: { code: "OUTPUT_REJECTED", violation: "secret" },
    });
  });

  it("logs usage by key id and owner, never a key", async () => {
    const { id, key } = kinde.fake.addKey({ userId: "kp_alice", scopes: ALL });
    secrets.push(key);
    await call("/ai/support", key, { prompt: "hi" });
    expect(logLines).toContainEqual({
      level: "info",
      msg: "kinde-keys: AI request processed",
      obj: expect.objectContaining({ keyId: id, owner: "user:kp_alice" }),
    });
    const everything = JSON.stringify(logLines);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
