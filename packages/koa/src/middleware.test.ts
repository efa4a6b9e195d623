import { createFakeKinde } from "@acme/kinde-keys-testing";
import Router from "@koa/router";
import Koa3, { type Middleware } from "koa";
import Koa2 from "koa2";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveOnLoopback } from "../../../test/adapter-conformance/node-driver.ts";
import {
  HANDLER_ANSWER,
  type MakeApp,
  runConformance,
} from "../../../test/adapter-conformance/suite.ts";
import { createKindeKeys, KindeKeysError, kindeApiKey, requireScopes } from "./index.ts";

function koaApp(Koa: typeof Koa3): MakeApp {
  return ({ options, routeScopes, handled }) => {
    const answer: Middleware = (ctx) => {
      handled(ctx.state.kindeApiKey);
      ctx.set(HANDLER_ANSWER.headers);
      ctx.status = HANDLER_ANSWER.status;
      ctx.body = HANDLER_ANSWER.body;
    };
    const router = new Router();
    router.get("/things", kindeApiKey(options), answer);
    router.get(
      "/orgs/:org/things",
      kindeApiKey({ ...options, orgCode: (ctx) => ctx.params.org }),
      answer,
    );
    router.get("/admin", kindeApiKey(options), requireScopes(...routeScopes), answer);
    const app = new Koa();
    app.use(router.routes());
    return serveOnLoopback(app.callback());
  };
}

runConformance("Koa 3", koaApp(Koa3), { createFakeKinde, setupServer });
runConformance("Koa 2", koaApp(Koa2), { createFakeKinde, setupServer });

describe("kindeApiKey (Koa)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  const config = { domain: fake.origin, clientId: fake.clientId, clientSecret: fake.clientSecret };
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterAll(() => network.close());

  it("throws CONFIG_INVALID when the app is set up, not on a request", () => {
    expect(() => kindeApiKey({ env: {} })).toThrow(KindeKeysError);
  });

  it.each([
    ["Koa 3", Koa3],
    ["Koa 2", Koa2],
  ])("%s: shares a given client and never reaches the error handler", async (_, Koa) => {
    const client = createKindeKeys(config);
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const reached: Middleware = (ctx) => {
      ctx.body = "reached";
    };
    const throwing = () => {
      throw new Error("no organization here");
    };
    const router = new Router();
    router.get("/orgs/:org/things", kindeApiKey({ client, orgCode: throwing }), reached);
    router.get("/things", kindeApiKey({ client }), reached);
    const app = new Koa();
    const errors: unknown[] = [];
    app.on("error", (error) => errors.push(error));
    app.use(router.routes());
    const send = await serveOnLoopback(app.callback());
    const headers = [["authorization", `Bearer ${key}`]] as const;
    const tokens = fake.calls.token;
    expect((await send({ path: "/orgs/org_acme/things", headers })).status).toBe(403);
    expect((await send({ path: "/things", headers })).body).toBe("reached");
    expect(fake.calls.token - tokens).toBe(1);
    expect(errors).toEqual([]);
  });
});
