/**
 * Express only: a middleware earlier in the chain may already have started the response. A refusal
 * can then no longer be written, so the adapter cuts the connection rather than let the handler run.
 * (A client that goes away mid-request is a case of the shared conformance suite.)
 */
import { createServer, type RequestListener } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import express5, { type RequestHandler } from "express";
import express4 from "express4";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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

function client() {
  return createKindeKeys(fake.clientConfig());
}

describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("%s: kindeApiKey and the connection", (_, express) => {
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
