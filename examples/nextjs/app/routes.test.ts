/**
 * The route modules in process, as Next.js calls them (`POST(request)`), against the fake Kinde at
 * the network edge (MSW): tenant isolation, a scope per route, core's refusals, the shared per-key
 * limit, and the AI guards. `pnpm test:e2e` runs the same app built and started by Next.js.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AIScope } from "../lib/kinde.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
const ALL_SCOPES: AIScope[] = [
  "read:ai_support",
  "read:ai_analytics",
  "write:ai_workflow",
  "read:ai_chats",
  "write:ai_chat",
  "write:ai_process",
];

// Set before the route modules load: the limit is read when a route is created, the Kinde
// settings on the first request.
vi.stubEnv("KINDE_DOMAIN", fake.origin);
vi.stubEnv("KINDE_MANAGEMENT_CLIENT_ID", fake.clientId);
vi.stubEnv("KINDE_MANAGEMENT_CLIENT_SECRET", fake.clientSecret);
vi.stubEnv("KINDE_KEYS_AI_RATE_LIMIT", "4");
const routes = {
  support: await import("./ai/support/route.ts"),
  analytics: await import("./ai/analytics/route.ts"),
  workflow: await import("./ai/workflow/route.ts"),
  chat: await import("./ai/chat/route.ts"),
  process: await import("./ai/process/route.ts"),
  health: await import("./health/route.ts"),
};

beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
afterAll(() => {
  network.close();
  vi.unstubAllEnvs();
});

const key = (seed: { orgCode?: string; userId?: string; scopes?: AIScope[] }) =>
  fake.addKey({ scopes: ALL_SCOPES, ...seed }).key;

function post(path: string, apiKey?: string, body: unknown = { prompt: "Summarise, please." }) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(apiKey && { authorization: `Bearer ${apiKey}` }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("the AI route handlers", () => {
  it("answer each tenant from its own data only", async () => {
    const acme = await routes.support.POST(post("/ai/support", key({ orgCode: "org_acme" })));
    expect(acme.status).toBe(200);
    const body = await acme.json();
    expect(body).toMatchObject({
      route: "support",
      owner: "org:org_acme",
      organization: "org_acme",
    });
    expect(body.context.tickets.map((t: { id: string }) => t.id)).toEqual(["ACME-101", "ACME-102"]);
    expect(body.response).toContain("org:org_acme");
    const alice = await routes.analytics.POST(post("/ai/analytics", key({ userId: "kp_alice" })));
    expect(await alice.json()).toMatchObject({
      owner: "user:kp_alice",
      user_id: "kp_alice",
      context: { plan: "free", metrics: { promptsThisMonth: 42 } },
    });
  });

  it("answer every route for a key with its scope", async () => {
    const apiKey = key({ orgCode: "org_globex" });
    for (const [name, route] of [
      ["workflow", routes.workflow],
      ["process", routes.process],
      ["chat", routes.chat],
    ] as const) {
      const response = await route.POST(post(`/ai/${name}`, apiKey));
      expect(response.status, name).toBe(200);
      expect(await response.json()).toMatchObject({ route: name, owner: "org:org_globex" });
    }
    const thread = await routes.chat.GET(
      new Request("http://localhost/ai/chat", { headers: { authorization: `Bearer ${apiKey}` } }),
    );
    expect((await thread.json()).messages).toHaveLength(2);
  });

  it("answer core's refusals: no key, unknown key, missing scope, environment key", async () => {
    const missing = await routes.support.POST(post("/ai/support"));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    const unknown = await routes.support.POST(
      post("/ai/support", "k_live_ffffffffffffffffffffffffffffffff"),
    );
    expect(await unknown.json()).toMatchObject({ code: "INVALID_KEY" });
    const narrow = key({ orgCode: "org_acme", scopes: ["read:ai_support"] });
    const scope = await routes.process.POST(post("/ai/process", narrow));
    expect(scope.status).toBe(403);
    expect(await scope.json()).toMatchObject({ missing_scopes: ["write:ai_process"] });
    const environment = await routes.support.POST(post("/ai/support", key({})));
    expect(await environment.json()).toMatchObject({ code: "OWNER_NOT_ALLOWED" });
  });

  it("count one per-key limit across the routes, with RateLimit fields on every answer", async () => {
    const apiKey = key({ userId: "kp_alice" });
    const statuses: number[] = [];
    for (const route of [routes.support, routes.analytics, routes.workflow, routes.process]) {
      const response = await route.POST(post("/ai/x", apiKey));
      expect(response.headers.get("ratelimit-policy")).toBe('"ai";q=4;w=900');
      statuses.push(response.status);
    }
    const limited = await routes.chat.POST(post("/ai/chat", apiKey));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("refuse a bad body and a script in the prompt, once the key has passed", async () => {
    const apiKey = key({ orgCode: "org_acme" });
    const bad = await routes.workflow.POST(post("/ai/workflow", apiKey, "{not json"));
    expect(bad.status).toBe(400);
    const script = await routes.workflow.POST(
      post("/ai/workflow", apiKey, { prompt: "<script>alert(1)</script>" }),
    );
    expect(script.status).toBe(400);
    expect(await script.json()).toMatchObject({ code: expect.any(String) });
  });

  it("answer 503 when Kinde is down, and health needs no key", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    const down = await routes.support.POST(post("/ai/support", key({ orgCode: "org_acme" })));
    fake.clearFaults();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    expect(await routes.health.GET().json()).toEqual({ ok: true });
  });
});
