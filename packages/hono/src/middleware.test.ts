import { createFakeKinde } from "@acme/kinde-keys-testing";
import { runConformance } from "@internal/harness/conformance";
import { Hono } from "hono";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as adapter from "./index.ts";
import { createKindeKeys, getKindeApiKey, kindeApiKey } from "./index.ts";

runConformance("Hono", "hono", adapter, { setupServer });

describe("kindeApiKey (Hono)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => network.close());

  const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
  function stubKindeEnv() {
    vi.stubEnv("KINDE_DOMAIN", fake.origin);
    vi.stubEnv("KINDE_MANAGEMENT_CLIENT_ID", fake.clientId);
    vi.stubEnv("KINDE_MANAGEMENT_CLIENT_SECRET", fake.clientSecret);
  }

  it("builds its client once, on the first request, from env(c)", async () => {
    stubKindeEnv();
    const app = new Hono().get("/", kindeApiKey(), (c) => c.text(getKindeApiKey(c)?.keyId ?? ""));
    const first = fake.addKey({ orgCode: "org_acme" });
    const second = fake.addKey({ userId: "kp_alice" });
    const tokens = fake.calls.token;
    expect(await (await app.request("/", bearer(first.key))).text()).toBe(first.id);
    expect(await (await app.request("/", bearer(second.key))).text()).toBe(second.id);
    expect(fake.calls.token - tokens).toBe(1);
  });

  it("answers 503 while the client cannot be built, then recovers", async () => {
    vi.stubEnv("KINDE_DOMAIN", "");
    const app = new Hono().get("/", kindeApiKey(), (c) => c.text("reached"));
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const refused = await app.request("/", bearer(key));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    stubKindeEnv();
    expect(await (await app.request("/", bearer(key))).text()).toBe("reached");
  });

  it("puts the rate-limit fields on any response, even a bare Response", async () => {
    const client = createKindeKeys(fake.clientConfig());
    const app = new Hono().get(
      "/",
      kindeApiKey({ client, rateLimit: { limit: 5, windowMs: 60_000 } }),
      () => new Response("plain", { headers: { "x-handler": "yes" } }),
    );
    const response = await app.request("/", bearer(fake.addKey({ orgCode: "org_acme" }).key));
    expect(response.headers.get("ratelimit")).toMatch(/^"per-key";r=4;t=\d+$/);
    expect(response.headers.get("x-handler")).toBe("yes");
    expect(await response.text()).toBe("plain");
  });
});
