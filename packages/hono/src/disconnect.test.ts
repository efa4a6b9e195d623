import type { VerifyEvent } from "@acme/kinde-keys-core";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { Hono } from "hono";
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKindeKeys, kindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
afterAll(() => network.close());

describe("kindeApiKey (Hono) and the request's signal", () => {
  it("stops waiting for Kinde when the request is aborted", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const controller = new AbortController();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    network.use(
      http.post(`${fake.origin}/api/v1/api_keys/verify`, async ({ request }) => {
        controller.abort(); // the client gives up while Kinde is being asked
        await held;
        return fake.fetch(request);
      }),
    );
    const events: VerifyEvent[] = [];
    const client = createKindeKeys({
      domain: fake.origin,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      onVerify: (event) => events.push(event),
    });
    const app = new Hono().get("/", kindeApiKey({ client }), (c) => c.text("reached"));
    try {
      const response = await app.request("/", {
        headers: { authorization: `Bearer ${key}` },
        signal: controller.signal,
      });
      // Answered while Kinde still holds its answer: the abort ended this request's wait.
      expect(response.status).toBe(503);
      expect(events).toEqual([expect.objectContaining({ outcome: "error", errorCode: "ABORTED" })]);
    } finally {
      release();
    }
    await vi.waitFor(async () => expect((await client.verify(key)).valid).toBe(true));
    expect(fake.calls.verify).toBe(1);
  });
});
