import { createFakeKinde } from "@acme/kinde-keys-testing";
import { driverFor } from "@internal/harness";
import { runConformance } from "@internal/harness/conformance";
import Router from "@koa/router";
import Koa3, { type Middleware } from "koa";
import Koa2 from "koa2";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import * as adapter from "./index.ts";
import { createKindeKeys, KindeKeysError, kindeApiKey } from "./index.ts";

runConformance("Koa 3", "koa3", adapter, { setupServer });
runConformance("Koa 2", "koa2", adapter, { setupServer });

describe("kindeApiKey (Koa)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterAll(() => network.close());

  it("throws CONFIG_INVALID when the app is set up, not on a request", () => {
    expect(() => kindeApiKey({ env: {} })).toThrow(KindeKeysError);
  });

  it.each([
    ["Koa 3", Koa3],
    ["Koa 2", Koa2],
  ])("%s: shares a given client and never reaches the error handler", async (_, Koa) => {
    const client = createKindeKeys(fake.clientConfig());
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
    const driver = await driverFor({ listener: app.callback() }, "raw-socket");
    onTestFinished(() => driver.close());
    const send = driver.send;
    const headers = [["authorization", `Bearer ${key}`]] as const;
    const tokens = fake.calls.token;
    expect((await send({ path: "/orgs/org_acme/things", headers })).status).toBe(403);
    expect((await send({ path: "/things", headers })).body).toBe("reached");
    expect(fake.calls.token - tokens).toBe(1);
    expect(errors).toEqual([]);
  });
});
