/**
 * The tenant boundary on Hono where a resolver slips: a middleware mounted with
 * `app.use("/orgs/*", …)` sees no `:org` parameter, so `c.req.param("org")` is `undefined`. That
 * must refuse (403 `ORG_MISMATCH`), never serve one organization's data to another's key; an
 * async resolver is awaited. Driven in process by the harness.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { driverFor } from "@internal/harness";
import { type Context, Hono } from "hono";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKindeKeys, kindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
afterAll(() => network.close());

async function serve(orgCode: (c: Context) => string | undefined | Promise<string | undefined>) {
  const client = createKindeKeys(fake.clientConfig());
  const app = new Hono();
  app.use("/orgs/*", kindeApiKey({ client, orgCode }));
  app.get("/orgs/:org/things", (c) => c.text("reached"));
  const driver = await driverFor({ fetch: async (request) => app.fetch(request) }, "injected");
  return (org: string, key: string) =>
    driver.send({ path: `/orgs/${org}/things`, headers: [["authorization", `Bearer ${key}`]] });
}

describe("Hono: orgCode", () => {
  it('refuses when the resolver finds no organization (app.use("/orgs/*"))', async () => {
    const other = fake.addKey({ orgCode: "org_b" });
    const send = await serve((c) => c.req.param("org"));
    const answer = await send("org_a", other.key);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "ORG_MISMATCH" });
  });

  it("awaits an async resolver, and refuses when it rejects", async () => {
    const own = fake.addKey({ orgCode: "org_a" });
    const other = fake.addKey({ orgCode: "org_b" });
    const send = await serve(async (c) => new URL(c.req.url).pathname.split("/")[2]);
    expect((await send("org_a", own.key)).body).toBe("reached");
    expect((await send("org_a", other.key)).status).toBe(403);
    const rejecting = await serve(() => Promise.reject(new Error("lookup failed")));
    expect((await rejecting("org_a", own.key)).status).toBe(403);
  });
});
