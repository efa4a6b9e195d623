import { createServer, type RequestListener } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import type { VerifyEvent } from "@acme/kinde-keys-core";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import express5, { type RequestHandler } from "express";
import express4 from "express4";
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createKindeKeys, kindeApiKey } from "./index.ts";

const fake = createFakeKinde();
const network = setupServer(...fake.handlers);
beforeAll(() => network.listen({ onUnhandledFrame: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => network.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Holds Kinde's verify answers until `release()`; `asked` settles when the first call arrives. */
function holdKinde(): { asked: Promise<void>; release(): void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived = () => {};
  const asked = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  network.use(
    http.post(`${fake.origin}/api/v1/api_keys/verify`, async ({ request }) => {
      arrived();
      await held;
      return fake.fetch(request);
    }),
  );
  cleanups.push(release);
  return { asked, release };
}

/** Serves `listener` on loopback and opens a raw connection sending one GET with `lines`. */
async function openRequest(listener: RequestListener, lines: string[]): Promise<Socket> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
  socket.on("error", () => {});
  socket.write(`${["GET / HTTP/1.1", "host: 127.0.0.1", ...lines].join("\r\n")}\r\n\r\n`);
  cleanups.push(() => void socket.destroy());
  return socket;
}

function client(events: VerifyEvent[] = []) {
  return createKindeKeys({
    domain: fake.origin,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    onVerify: (event) => events.push(event),
  });
}

describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("%s: kindeApiKey and the connection", (_, express) => {
  it("stops waiting for Kinde when the client goes away", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const kinde = holdKinde();
    const events: VerifyEvent[] = [];
    let reached = false;
    const app = express();
    app.get("/", kindeApiKey({ client: client(events) }), (_req, res) => {
      reached = true;
      res.send("reached");
    });
    const socket = await openRequest(app, [`authorization: Bearer ${key}`]);
    await kinde.asked;
    socket.destroy();
    // Kinde is still holding its answer: only the client's departure can end this request's wait.
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 2_000 });
    expect(events[0]).toMatchObject({ outcome: "error", errorCode: "ABORTED" });
    kinde.release();
    expect(reached).toBe(false);
  });

  it("cuts the connection, never reaching the handler, when the response had already started", async () => {
    let reached = false;
    const app = express();
    const flush: RequestHandler = (_req, res, next) => {
      res.flushHeaders();
      next();
    };
    app.get("/", flush, kindeApiKey({ client: client() }), (_req, res) => {
      reached = true;
      res.end("reached");
    });
    const socket = await openRequest(app, []);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => socket.on("close", resolve));
    expect(reached).toBe(false);
    expect(Buffer.concat(chunks).toString("latin1")).not.toContain("reached");
  });
});
