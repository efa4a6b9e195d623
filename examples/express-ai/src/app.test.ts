/**
 * The AI API over real HTTP on loopback, against the fake Kinde server: tenant isolation, a scope
 * per route, the refusals core answers with, per-key limits, both AI guards and the usage log.
 */
import type { AIProvider } from "@acme/kinde-keys-core/ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AIScope, DEFAULT_AI_RATE_LIMIT } from "./app.ts";
import { type LocalStack, startLocalStack } from "./local-stack.ts";
import { jsonLogger } from "./logger.ts";

const ALL_SCOPES: AIScope[] = [
  "read:ai_support",
  "read:ai_analytics",
  "write:ai_workflow",
  "read:ai_chats",
  "write:ai_chat",
  "write:ai_process",
];

const logLines: Record<string, unknown>[] = [];
const logger = jsonLogger((_level, line) => logLines.push(JSON.parse(line)));
let stack: LocalStack;
const secrets: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    logger,
    routeRateLimits: { process: { limit: 2, windowMs: 60_000 } },
  });
});
afterAll(() => stack.close());

function addKey(seed: { orgCode?: string; userId?: string; scopes?: AIScope[] }): string {
  const { key } = stack.kinde.fake.addKey({ scopes: ALL_SCOPES, ...seed });
  secrets.push(key);
  return key;
}

async function call(
  path: string,
  options: { key?: string; method?: string; body?: unknown; url?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const method =
    options.method ?? (path === "/ai/chat" && options.body === undefined ? "GET" : "POST");
  const response = await fetch(`${options.url ?? stack.appUrl}${path}`, {
    method,
    headers: {
      ...(options.key && { authorization: `Bearer ${options.key}` }),
      ...(method === "POST" && { "content-type": "application/json" }),
    },
    body:
      method === "POST"
        ? typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body ?? { prompt: "Summarise, please." })
        : undefined,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("tenant isolation", () => {
  it("gives an org key its own organization's data only", async () => {
    const acme = await call("/ai/support", { key: addKey({ orgCode: "org_acme" }) });
    expect(acme.status).toBe(200);
    expect(acme.body).toMatchObject({
      route: "support",
      owner: "org:org_acme",
      organization: "org_acme",
      user_id: null,
    });
    const ids = (acme.body.context as { tickets: { id: string }[] }).tickets.map((t) => t.id);
    expect(ids).toEqual(["ACME-101", "ACME-102", "ACME-097"]);
    expect(acme.body.response).toContain("org:org_acme");

    const globex = await call("/ai/support", { key: addKey({ orgCode: "org_globex" }) });
    expect(globex.body.context).toEqual({
      tickets: [{ id: "GLX-7", subject: "Export to CSV times out", status: "open" }],
    });
  });

  it("gives a user key that user's data only, and an unknown tenant nothing", async () => {
    const alice = await call("/ai/support", { key: addKey({ userId: "kp_alice" }) });
    expect(alice.body).toMatchObject({
      owner: "user:kp_alice",
      organization: null,
      user_id: "kp_alice",
    });
    expect(alice.body.context).toEqual({
      tickets: [{ id: "ALICE-1", subject: "Change my billing email", status: "open" }],
    });
    const stranger = await call("/ai/support", { key: addKey({ orgCode: "org_new" }) });
    expect(stranger.body.context).toEqual({ tickets: [] });
  });

  it("keeps chat threads per tenant", async () => {
    const bob = addKey({ userId: "kp_bob" });
    const posted = await call("/ai/chat", { key: bob, body: { prompt: "Remember: blue." } });
    expect(posted.status).toBe(200);
    const thread = await call("/ai/chat", { key: bob });
    expect(thread.body.messages).toEqual([
      { role: "user", text: "Remember: blue." },
      { role: "assistant", text: posted.body.response },
    ]);
    const acme = await call("/ai/chat", { key: addKey({ orgCode: "org_acme" }) });
    expect(JSON.stringify(acme.body)).not.toContain("blue");
  });
});

describe("scopes", () => {
  it.each([
    ["POST", "/ai/support", "read:ai_support"],
    ["POST", "/ai/analytics", "read:ai_analytics"],
    ["POST", "/ai/workflow", "write:ai_workflow"],
    ["GET", "/ai/chat", "read:ai_chats"],
    ["POST", "/ai/chat", "write:ai_chat"],
    ["POST", "/ai/process", "write:ai_process"],
  ] as const)("%s %s needs %s", async (method, path, scope) => {
    const without = addKey({ orgCode: "org_acme", scopes: ALL_SCOPES.filter((s) => s !== scope) });
    const refused = await call(path, { key: without, method });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "INSUFFICIENT_SCOPE", missing_scopes: [scope] });
    expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');

    const only = addKey({ orgCode: "org_acme", scopes: [scope] });
    expect((await call(path, { key: only, method })).status).toBe(200);
  });
});

describe("refusals before any handler runs", () => {
  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    expect(await call("/ai/support")).toMatchObject({ status: 401, body: { code: "MISSING_KEY" } });
    const unknown = await call("/ai/support", { key: "k_live_00000000000000000000000000000000" });
    expect(unknown).toMatchObject({ status: 401, body: { code: "INVALID_KEY" } });
    const { id, key } = stack.kinde.fake.addKey({ orgCode: "org_acme", scopes: ALL_SCOPES });
    secrets.push(key);
    stack.kinde.fake.revokeKey(id);
    expect(await call("/ai/support", { key })).toMatchObject({
      status: 401,
      body: { code: "KEY_REVOKED" },
    });
  });

  it("answers 403 to environment keys, which have no tenant", async () => {
    const environment = addKey({});
    expect(await call("/ai/support", { key: environment })).toMatchObject({
      status: 403,
      body: { code: "OWNER_NOT_ALLOWED" },
    });
  });

  it("answers 503 when Kinde cannot be reached, never a pass", async () => {
    const key = addKey({ orgCode: "org_acme" });
    stack.kinde.fake.inject({ endpoint: "verify", type: "status", status: 500 });
    try {
      const result = await call("/ai/support", { key });
      expect(result).toMatchObject({ status: 503, body: { code: "VERIFICATION_UNAVAILABLE" } });
    } finally {
      stack.kinde.fake.clearFaults();
    }
  });
});

describe("rate limits", () => {
  it("applies the seed's 50 per 15 minutes to AI routes by default", async () => {
    expect(DEFAULT_AI_RATE_LIMIT).toEqual({ limit: 50, windowMs: 900_000 });
    const ok = await call("/ai/analytics", { key: addKey({ orgCode: "org_acme" }) });
    expect(ok.headers.get("ratelimit-policy")).toBe('"ai";q=50;w=900');
    expect(ok.headers.get("ratelimit")).toBe('"ai";r=49;t=900');
  });

  it("answers 429 once a key has used a route's own limit, leaving other routes and keys alone", async () => {
    const key = addKey({ orgCode: "org_acme" });
    expect((await call("/ai/process", { key })).status).toBe(200);
    expect((await call("/ai/process", { key })).status).toBe(200);
    const limited = await call("/ai/process", { key });
    expect(limited).toMatchObject({ status: 429, body: { code: "RATE_LIMITED" } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-policy")).toBe('"ai-process";q=2;w=60');

    expect((await call("/ai/support", { key })).status).toBe(200);
    expect((await call("/ai/process", { key: addKey({ orgCode: "org_acme" }) })).status).toBe(200);
  });
});

describe("AI guards", () => {
  it.each([
    [{ prompt: "<script>alert(1)</script>" }, "script_tag"],
    [{ prompt: "[x](javascript:alert(1))" }, "javascript_url"],
    [{ prompt: '<img src=x onerror="alert(1)">' }, "inline_handler"],
    [{ prompt: "x".repeat(10_001) }, "too_long"],
    [{}, "not_text"],
  ])("refuses a prompt with 400 INPUT_REJECTED (%#: %s)", async (body, violation) => {
    const result = await call("/ai/process", { key: addKey({ orgCode: "org_acme" }), body });
    expect(result).toMatchObject({ status: 400, body: { code: "INPUT_REJECTED", violation } });
  });

  it("refuses a harmful answer with 502 OUTPUT_REJECTED", async () => {
    const evil: AIProvider = async () =>
      "Done! <script>document.location='//evil.example'</script>";
    const url = await stack.startApp({ provider: evil, logger });
    const result = await call("/ai/support", { key: addKey({ orgCode: "org_acme" }), url });
    expect(result).toMatchObject({
      status: 502,
      body: { code: "OUTPUT_REJECTED", violation: "script_tag" },
    });
  });

  it("answers 400 to a body that is not JSON", async () => {
    const result = await call("/ai/support", {
      key: addKey({ orgCode: "org_acme" }),
      body: "{oops",
    });
    expect(result).toMatchObject({ status: 400, body: { code: "INVALID_BODY" } });
  });
});

describe("usage logs", () => {
  it("name the key id and owner of every AI request, and never a key", async () => {
    const { id, key } = stack.kinde.fake.addKey({ userId: "kp_alice", scopes: ALL_SCOPES });
    secrets.push(key);
    await call("/ai/analytics", { key });
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: "info",
        msg: "kinde-keys: AI request processed",
        keyId: id,
        owner: "user:kp_alice",
      }),
    );
    const everything = JSON.stringify(logLines);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
