import { createFakeKinde } from "@acme/kinde-keys-testing";
import { runConformance } from "@internal/harness/conformance";
import Fastify, { type onRequestAsyncHookHandler } from "fastify";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as adapter from "./index.ts";
import {
  createKindeKeys,
  getKindeApiKey,
  KindeKeysError,
  kindeApiKey,
  requireScopes,
} from "./index.ts";

runConformance("Fastify", "fastify", adapter, { setupServer });

describe("kindeApiKey (Fastify)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterAll(() => network.close());
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it("throws CONFIG_INVALID when the plugin is registered, not on a request", async () => {
    const app = Fastify();
    app.register(kindeApiKey, { env: {} });
    await expect(app.ready()).rejects.toBeInstanceOf(KindeKeysError);
  });

  it("covers the routes of the context it is registered in, and only those", async () => {
    const client = createKindeKeys(fake.clientConfig());
    const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const app = Fastify();
    app.get("/open", async (request) => ({ key: getKindeApiKey(request) ?? null }));
    app.register(async (scope) => {
      await scope.register(kindeApiKey, { client, orgCode: (request) => request.params.org });
      scope.get("/orgs/:org/reports", async (request) => ({ key: request.kindeApiKey?.keyId }));
      scope.post(
        "/orgs/:org/reports",
        { preHandler: requireScopes("write:reports") },
        async () => ({ created: true }),
      );
    });
    const open = await app.inject({ url: "/open" });
    expect(open.json()).toEqual({ key: null });
    const read = await app.inject({ url: "/orgs/org_acme/reports", headers: bearer(key) });
    expect(read.json()).toEqual({ key: id });
    const other = await app.inject({ url: "/orgs/org_other/reports", headers: bearer(key) });
    expect(other.statusCode).toBe(403);
    const write = await app.inject({
      method: "POST",
      url: "/orgs/org_acme/reports",
      headers: bearer(key),
    });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ code: "INSUFFICIENT_SCOPE" });
  });

  it("refuses before the body is parsed, and can be registered in two contexts", async () => {
    const client = createKindeKeys(fake.clientConfig());
    const app = Fastify();
    let parsed = 0;
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
      parsed += 1;
      done(null, JSON.parse(body as string));
    });
    for (const prefix of ["/a", "/b"]) {
      app.register(
        async (scope) => {
          await scope.register(kindeApiKey, { client });
          scope.post("/", async () => ({ ok: true }));
        },
        { prefix },
      );
    }
    for (const url of ["/a", "/b"]) {
      const refused = await app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        payload: '{"big":true}',
      });
      expect(refused.statusCode).toBe(401);
    }
    expect(parsed).toBe(0);
  });

  it("answers 503 and says how to register it when the plugin is added as a hook", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const app = Fastify();
      app.addHook("onRequest", kindeApiKey as unknown as onRequestAsyncHookHandler);
      let reached = 0;
      app.get("/", async () => ({ reached: ++reached }));
      for (let i = 0; i < 2; i++) {
        const answer = await app.inject({ url: "/" });
        expect(answer.statusCode).toBe(503);
        expect(answer.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
      }
      expect(reached).toBe(0);
      expect(log.mock.calls).toEqual([
        ["kindeApiKey is a plugin: use app.register(kindeApiKey, options)"],
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
