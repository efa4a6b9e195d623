/**
 * What a Koa app meets beside the refusals: the key getters, `required: false`, CORS preflights
 * passing through, and `app.use(kindeApiKey)` without the call answered with core's 503. Served on
 * loopback and called with `fetch`, as a browser or a client would.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import Router from "@koa/router";
import Koa3 from "koa";
import Koa2 from "koa2";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { getKindeApiKey, kindeApiKey, requireKindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
beforeAll(() => network.listen({ onUnhandledFrame: "bypass" }));
afterAll(() => network.close());

/** Every line logged about the misuse, over all the tests: it is logged once per process. */
const misuseLines: unknown[][] = [];
afterAll(() => {
  expect(misuseLines).toEqual([["kindeApiKey is a factory: use app.use(kindeApiKey())"]]);
});

/** Serves `app` on loopback for one test; resolves to its origin. */
async function serve(app: Koa3): Promise<string> {
  app.silent = true;
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(() => void server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each([
  ["Koa 3", Koa3],
  ["Koa 2", Koa2 as unknown as typeof Koa3],
])("%s", (_, Koa) => {
  it("answers app.use(kindeApiKey) with core's 503 JSON and logs the fix", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    onTestFinished(() => log.mockRestore());
    const app = new Koa();
    app.use(kindeApiKey as never);
    app.use((ctx) => {
      ctx.body = "reached";
    });
    const origin = await serve(app);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${origin}/things`);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    }
    misuseLines.push(...log.mock.calls);
  });

  it("lets a CORS preflight through, getters read the key, required: false passes anonymous", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const router = new Router();
    router.options("/things", kindeApiKey(fake.clientConfig()), (ctx) => {
      ctx.status = 204;
      ctx.set("x-key", String(getKindeApiKey(ctx)));
    });
    router.get("/things", kindeApiKey(fake.clientConfig()), (ctx) => {
      ctx.body = { keyId: requireKindeApiKey(ctx).keyId };
    });
    router.get("/open", kindeApiKey({ ...fake.clientConfig(), required: false }), (ctx) => {
      let thrown = "";
      try {
        requireKindeApiKey(ctx);
      } catch (error) {
        thrown = (error as Error).message;
      }
      ctx.body = { key: getKindeApiKey(ctx)?.keyId ?? null, thrown };
    });
    const app = new Koa();
    app.use(router.routes());
    const origin = await serve(app);
    const preflight = await fetch(`${origin}/things`, {
      method: "OPTIONS",
      headers: { origin: "https://app.test", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("x-key")).toBe("undefined");
    const authed = { authorization: `Bearer ${key}` };
    expect(await (await fetch(`${origin}/things`, { headers: authed })).json()).toEqual({
      keyId: id,
    });
    expect(await (await fetch(`${origin}/open`)).json()).toEqual({
      key: null,
      thrown: expect.stringMatching(
        /^No verified API key on this request \(ctx\.state\.kindeApiKey/,
      ),
    });
    expect(await (await fetch(`${origin}/open`, { headers: authed })).json()).toMatchObject({
      key: id,
    });
  });
});
