import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import {
  bearer,
  captureLogger,
  NO_KEY_IN_AUTHORIZATION,
  setupFakeKinde,
} from "../../test/helpers.ts";
import { deny } from "../request/answers.ts";
import type { VerifiedApiKey, VerifyEvent } from "../types.ts";
import { denialResponse, withKindeApiKey } from "./fetch.ts";

const { fake, server, createKinde } = setupFakeKinde();
const VERIFY_URL = () => `${fake.origin}/api/v1/api_keys/verify`;

const get = (apiKey?: string, init: RequestInit = {}) =>
  new Request("https://api.test/things", {
    ...init,
    headers: apiKey ? bearer(apiKey) : {},
  });

const answerOf = async (response: Response) => ({
  status: response.status,
  headers: Object.fromEntries(response.headers),
  body: await response.text(),
});

describe("withKindeApiKey", () => {
  it("calls the handler with the request, the verified key and the runtime's other arguments", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const seen: unknown[][] = [];
    const route = withKindeApiKey(
      async (request, apiKey, context: { params: Promise<{ org: string }> }, extra: string) => {
        seen.push([request.url, apiKey.keyId, await context.params, extra]);
        return Response.json({ owner: apiKey.owner });
      },
      { client: createKinde() },
    );
    const params = Promise.resolve({ org: "org_acme" });
    const response = await route(get(key), { params }, "extra");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ owner: { type: "organization", orgCode: "org_acme" } });
    expect(seen).toEqual([["https://api.test/things", id, { org: "org_acme" }, "extra"]]);
  });

  it("answers a refusal exactly as denialResponse does, without running the handler", async () => {
    const handler = vi.fn(() => new Response("reached"));
    const route = withKindeApiKey(handler, { client: createKinde() });
    const answer = await answerOf(await route(get()));
    expect(answer).toEqual({
      status: 401,
      headers: {
        "cache-control": "no-store",
        "content-type": "application/json; charset=utf-8",
        "www-authenticate": 'Bearer realm="api"',
      },
      body: JSON.stringify({ error: NO_KEY_IN_AUTHORIZATION, code: "MISSING_KEY" }),
    });
    expect(answer).toEqual(
      await answerOf(
        denialResponse(deny("MISSING_KEY", { realm: "api", error: NO_KEY_IN_AUTHORIZATION })),
      ),
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it("applies the route's rules: scopes and the organization from the request", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const client = createKinde();
    const ok = () => new Response("reached");
    const org = (request: Request) => new URL(request.url).pathname.split("/")[2];
    const scoped = withKindeApiKey(ok, { client, scopes: ["write:reports"] });
    const refused = await scoped(get(key));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ missing_scopes: ["write:reports"] });
    const byOrg = withKindeApiKey(ok, { client, orgCode: org });
    const at = (code: string) =>
      new Request(`https://api.test/orgs/${code}/x`, { headers: bearer(key) });
    expect((await byOrg(at("org_other"))).status).toBe(403);
    expect(await (await byOrg(at("org_acme"))).text()).toBe("reached");
  });

  it("adds the rate-limit fields to the handler's response, copying one with immutable headers", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const rateLimit = { limit: 5, windowMs: 60_000 };
    const client = createKinde();
    const plain = withKindeApiKey(() => new Response("plain", { headers: { "x-own": "yes" } }), {
      client,
      rateLimit,
    });
    const response = await plain(get(key));
    expect(response.headers.get("ratelimit")).toMatch(/^"per-key";r=4;t=\d+$/);
    expect(response.headers.get("x-own")).toBe("yes");
    expect(await response.text()).toBe("plain");
    const redirect = withKindeApiKey(() => Response.redirect("https://api.test/elsewhere", 307), {
      client,
      rateLimit,
    });
    const moved = await redirect(get(key));
    expect(moved.status).toBe(307);
    expect(moved.headers.get("location")).toBe("https://api.test/elsewhere");
    expect(moved.headers.get("ratelimit")).toMatch(/^"per-key";r=3;t=\d+$/);
  });

  it("answers 503 and logs an error when the handler returns no Response (a missing await)", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const { logger, lines } = captureLogger();
    const client = createKinde();
    const returns = [undefined, null, { ok: true }, "text", Promise.resolve(undefined)];
    for (const value of returns) {
      // What plain JavaScript allows: `async (request, key) => { handle(request, key); }`.
      const route = withKindeApiKey((() => value) as unknown as () => Response, {
        client,
        logger,
      });
      const response = await route(get(key));
      expect(response.status, String(value)).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    }
    expect(lines.map((line) => [line.level, line.obj.returned])).toEqual([
      ["error", "undefined"],
      ["error", "null"],
      ["error", "object"],
      ["error", "string"],
      ["error", "undefined"],
    ]);
    expect(lines[0]?.msg).toMatch(/did not return a Response/);
    expect(JSON.stringify(lines)).not.toContain(key);
  });

  it("lets a handler's own error through to the runtime", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const route = withKindeApiKey(
      () => {
        throw new Error("handler failed");
      },
      { client: createKinde() },
    );
    await expect(route(get(key))).rejects.toThrow("handler failed");
  });

  it("refuses a handler that is not a function at creation", () => {
    expect(() => withKindeApiKey(undefined as never, { client: createKinde() })).toThrow(TypeError);
  });

  it("stops waiting for Kinde when the request is aborted", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const controller = new AbortController();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post(VERIFY_URL(), async ({ request }) => {
        controller.abort();
        await held;
        return fake.fetch(request);
      }),
    );
    const events: VerifyEvent[] = [];
    const route = withKindeApiKey(() => new Response("reached"), {
      client: createKinde({ onVerify: (event) => events.push(event) }),
    });
    try {
      const response = await route(get(key, { signal: controller.signal }));
      expect(response.status).toBe(503);
      expect(events).toEqual([expect.objectContaining({ outcome: "error", errorCode: "ABORTED" })]);
    } finally {
      release();
    }
  });
});

describe("withKindeApiKey: a client from the runtime's settings (Workers bindings)", () => {
  it("with `env` a function, builds the client on the first request, once, from the arguments", async () => {
    const { key } = fake.addKey({ userId: "kp_alice" });
    const bindings = {
      KINDE_DOMAIN: fake.origin,
      KINDE_MANAGEMENT_CLIENT_ID: fake.clientId,
      KINDE_MANAGEMENT_CLIENT_SECRET: fake.clientSecret,
    };
    const reads: string[] = [];
    const worker = {
      fetch: withKindeApiKey(
        (_request, apiKey: VerifiedApiKey, _env: typeof bindings, ctx: { id: string }) =>
          new Response(`${apiKey.userId} ${ctx.id}`),
        {
          env: (request, env) => {
            reads.push(request.url);
            return env;
          },
        },
      ),
    };
    const tokens = fake.calls.token;
    expect(await (await worker.fetch(get(key), bindings, { id: "1" })).text()).toBe("kp_alice 1");
    expect(await (await worker.fetch(get(key), bindings, { id: "2" })).text()).toBe("kp_alice 2");
    expect(reads).toEqual(["https://api.test/things"]);
    expect(fake.calls.token - tokens).toBe(1);
  });

  it("answers 503 while the settings are missing, then recovers", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    let bindings: Record<string, string> = {};
    const route = withKindeApiKey(() => new Response("reached"), {
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      env: () => bindings,
    });
    const refused = await route(get(key));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    bindings = { KINDE_DOMAIN: fake.origin };
    expect(await (await route(get(key))).text()).toBe("reached");
  });

  it("with `client` a function, calls it on the first request only: routes can share one client", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    let built = 0;
    let shared: ReturnType<typeof createKinde> | undefined;
    const kinde = () => {
      built += 1;
      shared ??= createKinde();
      return shared;
    };
    const one = withKindeApiKey(() => new Response("one"), { client: kinde });
    const two = withKindeApiKey(() => new Response("two"), { client: kinde });
    expect(built).toBe(0);
    expect(await (await one(get(key))).text()).toBe("one");
    expect(await (await one(get(key))).text()).toBe("one");
    expect(await (await two(get(key))).text()).toBe("two");
    expect(built).toBe(2);
    // One client: Kinde was asked once for the key (its cache), with one token.
    expect(fake.calls.verify).toBe(1);
    expect(fake.calls.token).toBe(1);
  });

  it("answers 503 while the `client` function throws, then recovers", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    let settings: Record<string, string> = {};
    const route = withKindeApiKey(() => new Response("reached"), {
      client: () => createKinde({ domain: settings.KINDE_DOMAIN }),
    });
    const refused = await route(get(key));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    settings = { KINDE_DOMAIN: fake.origin };
    expect(await (await route(get(key))).text()).toBe("reached");
  });

  it("with `env` a record or nothing, builds the client at creation: bad settings throw there", () => {
    expect(() => withKindeApiKey(() => new Response(""), { env: {} })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});

describe("denialResponse", () => {
  it("sends the refusal's status, headers and JSON body", async () => {
    const denial = deny("INSUFFICIENT_SCOPE", {
      realm: "api",
      requiredScopes: ["a"],
      missingScopes: ["a"],
    });
    const answer = await answerOf(denialResponse(denial));
    expect(answer.status).toBe(403);
    expect(answer.headers).toEqual(denial.headers);
    expect(JSON.parse(answer.body)).toEqual(denial.body);
  });

  it("answers core's 503 for a hand-made refusal no Response can carry", async () => {
    const broken = { ...deny("MISSING_KEY", { realm: "api" }), headers: { "x-a": "line\nbreak" } };
    const response = denialResponse(broken);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    const unencodable = { ...deny("MISSING_KEY", { realm: "api" }), body: { big: 1n } as never };
    expect(denialResponse(unencodable).status).toBe(503);
  });
});

describe("withKindeApiKey: Kinde failing", () => {
  it("answers 503 with Retry-After, never reaching the handler", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    server.use(http.post(VERIFY_URL(), () => HttpResponse.json({}, { status: 500 })));
    const handler = vi.fn(() => new Response("reached"));
    const route = withKindeApiKey(handler, { client: createKinde({ retry: { limit: 0 } }) });
    const response = await route(get(key));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(handler).not.toHaveBeenCalled();
  });
});
