/**
 * The tenant boundary on Express where a resolver slips: a router mounted without `mergeParams`
 * never sees the parent's `:org`, so `req.params.org` is `undefined`. That must refuse (403
 * `ORG_MISMATCH`), never serve one organization's data to another's key; an async resolver is
 * awaited, a rejecting one refuses. Served over real sockets by the harness.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { driverFor } from "@internal/harness";
import express5, { type RequestHandler } from "express";
import express4 from "express4";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createKindeKeys, type KindeApiKeyRequest, kindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
afterAll(() => network.close());

describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("%s: orgCode", (_, express) => {
  async function serve(orgCode: (req: KindeApiKeyRequest) => unknown) {
    const client = createKindeKeys(fake.clientConfig());
    const reached: RequestHandler = (_req, res) => void res.send("reached");
    // No `mergeParams`: the parent's `:org` is not in this router's `req.params`.
    const router = express.Router();
    router.get("/things", kindeApiKey({ client, orgCode: orgCode as () => string }), reached);
    const app = express();
    app.use("/orgs/:org", router);
    const driver = await driverFor({ listener: app }, "raw-socket");
    onTestFinished(() => driver.close());
    return (org: string, key: string) =>
      driver.send({ path: `/orgs/${org}/things`, headers: [["authorization", `Bearer ${key}`]] });
  }

  it("refuses when the resolver finds no organization (a sub-router without mergeParams)", async () => {
    const other = fake.addKey({ orgCode: "org_b" });
    const send = await serve((req) => req.params.org);
    const answer = await send("org_a", other.key);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "ORG_MISMATCH" });
  });

  it("awaits an async resolver, and refuses when it rejects", async () => {
    const own = fake.addKey({ orgCode: "org_a" });
    const other = fake.addKey({ orgCode: "org_b" });
    const fromUrl = async (req: KindeApiKeyRequest) => req.originalUrl.split("/")[2];
    const send = await serve(fromUrl);
    expect((await send("org_a", own.key)).body).toBe("reached");
    expect((await send("org_a", other.key)).status).toBe(403);
    const rejecting = await serve(async () => Promise.reject(new Error("lookup failed")));
    expect((await rejecting("org_a", own.key)).status).toBe(403);
  });
});
