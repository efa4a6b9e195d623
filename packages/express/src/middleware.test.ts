import { createFakeKinde } from "@acme/kinde-keys-testing";
import express5, { type ErrorRequestHandler, type RequestHandler } from "express";
import express4 from "express4";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveOnLoopback } from "../../../test/adapter-conformance/node-driver.ts";
import {
  HANDLER_ANSWER,
  type MakeApp,
  runConformance,
} from "../../../test/adapter-conformance/suite.ts";
import { createKindeKeys, KindeKeysError, kindeApiKey, requireScopes } from "./index.ts";

function expressApp(express: typeof express5): MakeApp {
  return ({ options, routeScopes, handled }) => {
    const app = express();
    const answer: RequestHandler = (req, res) => {
      handled(req.kindeApiKey);
      res.status(HANDLER_ANSWER.status).set(HANDLER_ANSWER.headers).send(HANDLER_ANSWER.body);
    };
    app.get("/things", kindeApiKey(options), answer);
    app.get(
      "/orgs/:org/things",
      kindeApiKey({ ...options, orgCode: (req) => req.params.org }),
      answer,
    );
    app.get("/admin", kindeApiKey(options), requireScopes(...routeScopes), answer);
    return serveOnLoopback(app);
  };
}

runConformance("Express 5", expressApp(express5), { createFakeKinde, setupServer });
runConformance("Express 4", expressApp(express4), { createFakeKinde, setupServer });

describe("kindeApiKey (Express)", () => {
  const fake = createFakeKinde();
  const network = setupServer(...fake.handlers);
  const config = { domain: fake.origin, clientId: fake.clientId, clientSecret: fake.clientSecret };
  beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
  afterAll(() => network.close());

  it("throws CONFIG_INVALID when the app is set up, not on a request", () => {
    expect(() => kindeApiKey({ env: {} })).toThrow(KindeKeysError);
  });

  it.each([
    ["Express 5", express5],
    ["Express 4", express4],
  ])("%s: shares a given client and never reaches the error handler", async (_, express) => {
    const client = createKindeKeys(config);
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
    const send = await serveOnLoopback(app);
    const headers = [["authorization", `Bearer ${key}`]] as const;
    const tokens = fake.calls.token;
    expect((await send({ path: "/orgs/org_acme/things", headers })).status).toBe(403);
    expect((await send({ path: "/things", headers })).body).toBe("reached");
    expect(fake.calls.token - tokens).toBe(1);
    expect(errors).toEqual([]);
  });
});
