/**
 * What a Hono app meets beside the refusals: the key getters, `required: false`, CORS preflights
 * passing through, and `app.use(kindeApiKey)` without the call answered with core's 503.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { Hono } from "hono";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getKindeApiKey, kindeApiKey, requireKindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const config = () => fake.clientConfig({ fetch: fake.fetch });

/** Every line logged about the misuse, over all the tests: it is logged once per process. */
const misuseLines: unknown[][] = [];
afterAll(() => {
  expect(misuseLines).toEqual([["kindeApiKey is a factory: use app.use(kindeApiKey())"]]);
});

describe("Hono", () => {
  it.each([
    ["app.use", (app: Hono) => app.use(kindeApiKey as never)],
    ["a route's only handler", (app: Hono) => app.get("/things", kindeApiKey as never)],
  ])("answers the factory given to %s with core's 503 JSON", async (_, mount) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = new Hono();
    mount(app);
    app.get("/things", (c) => c.text("reached"));
    for (let i = 0; i < 2; i++) {
      const response = await app.request("/things");
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
    }
    misuseLines.push(...log.mock.calls);
    log.mockRestore();
  });

  it("lets a CORS preflight through, getters read the key, required: false passes anonymous", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const app = new Hono();
    app.options("/things", kindeApiKey(config()), (c) =>
      c.body(null, 204, { "x-key": String(getKindeApiKey(c)) }),
    );
    app.get("/things", kindeApiKey(config()), (c) =>
      c.json({ keyId: requireKindeApiKey(c).keyId }),
    );
    app.get("/open", kindeApiKey({ ...config(), required: false }), (c) => {
      let thrown = "";
      try {
        requireKindeApiKey(c);
      } catch (error) {
        thrown = (error as Error).message;
      }
      return c.json({ key: getKindeApiKey(c)?.keyId ?? null, thrown });
    });
    const preflight = await app.request("/things", {
      method: "OPTIONS",
      headers: { origin: "https://app.test", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("x-key")).toBe("undefined");
    const authed = { authorization: `Bearer ${key}` };
    expect(await (await app.request("/things", { headers: authed })).json()).toEqual({ keyId: id });
    expect(await (await app.request("/open")).json()).toEqual({
      key: null,
      thrown: expect.stringMatching(
        /^No verified API key on this request \(c\.get\("kindeApiKey"\)/,
      ),
    });
    expect(await (await app.request("/open", { headers: authed })).json()).toMatchObject({
      key: id,
    });
  });
});
