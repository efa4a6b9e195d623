import { env } from "cloudflare:workers";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { runConformance } from "@internal/harness/conformance";
import { Hono } from "hono";
import { getRuntimeKey } from "hono/adapter";
import { describe, expect, it } from "vitest";
import * as adapter from "./index.ts";
import { getKindeApiKey, kindeApiKey } from "./index.ts";

// MSW intercepts Node's HTTP stacks, not workerd's: the clients get the fake as their `fetch`.
runConformance("Hono on workerd", "hono", adapter, { headerValues: "ascii" });

describe("kindeApiKey on Cloudflare Workers", () => {
  const fake = createFakeKinde();
  const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  it("runs in workerd", () => {
    expect(getRuntimeKey()).toBe("workerd");
  });

  it("reads the Kinde settings from the Worker's bindings", async () => {
    const app = new Hono().get("/", kindeApiKey({ fetch: fake.fetch }), (c) =>
      c.text(getKindeApiKey(c)?.keyId ?? ""),
    );
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const response = await app.request("/", bearer(key), env);
    expect(await response.text()).toBe(id);
  });

  it("answers 503 when the bindings are missing, instead of throwing", async () => {
    const app = new Hono().get("/", kindeApiKey({ fetch: fake.fetch }), (c) => c.text("reached"));
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const response = await app.request("/", bearer(key), {});
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
  });
});
