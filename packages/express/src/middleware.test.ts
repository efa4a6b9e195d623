import { createFakeKinde } from "@acme/kinde-keys-testing";
import { driverFor } from "@internal/harness";
import { runConformance } from "@internal/harness/conformance";
import express5, { type ErrorRequestHandler, type RequestHandler } from "express";
import express4 from "express4";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import * as adapter from "./index.ts";
import { createKindeKeys, KindeKeysError, kindeApiKey } from "./index.ts";

runConformance("Express 5", "express5", adapter, { setupServer });
runConformance("Express 4", "express4", adapter, { setupServer });

describe("kindeApiKey (Express)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterAll(() => network.close());

  it("throws CONFIG_INVALID when the app is set up, not on a request", () => {
    expect(() => kindeApiKey({ env: {} })).toThrow(KindeKeysError);
  });

  it.each([
    ["Express 5", express5],
    ["Express 4", express4],
  ])("%s: shares a given client and never reaches the error handler", async (_, express) => {
    const client = createKindeKeys(fake.clientConfig());
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const reached: RequestHandler = (_req, res) => void res.send("reached");
    const throwing = () => {
      throw new Error("no organization here");
    };
    const app = express();
    app.get("/orgs/:org/things", kindeApiKey({ client, orgCode: throwing }), reached);
    app.get("/things", kindeApiKey({ client }), reached);
    const errors: unknown[] = [];
    app.use(((error, _req, res, _next) => {
      errors.push(error);
      res.status(500).end();
    }) satisfies ErrorRequestHandler);
    const driver = await driverFor({ listener: app }, "raw-socket");
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
