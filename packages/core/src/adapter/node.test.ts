import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { nodeAbortSignal, nodeHeaders } from "./node.ts";

/** A loopback server whose handler hands each request to the test, which answers it itself. */
async function loopback(): Promise<{
  port: number;
  next(): Promise<{ req: IncomingMessage; res: ServerResponse }>;
}> {
  const waiting: ((pair: { req: IncomingMessage; res: ServerResponse }) => void)[] = [];
  const server = createServer((req, res) => waiting.shift()?.({ req, res }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as AddressInfo).port,
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

/** Sends raw header lines, as a client could (Node's own client refuses a repeated Authorization). */
function send(port: number, lines: string[]): Socket {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  socket.write(`${["GET / HTTP/1.1", "host: 127.0.0.1", ...lines].join("\r\n")}\r\n\r\n`);
  cleanups.push(() => void socket.destroy());
  return socket;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("nodeHeaders", () => {
  it("reads the asked fields in any case, and keeps a repeated one visible as an array", async () => {
    const server = await loopback();
    const arrived = server.next();
    send(server.port, [
      "AUTHORIZATION: Bearer first",
      "x-api-key: k1",
      "Authorization: Bearer second",
      "Accept: */*",
    ]);
    const { req, res } = await arrived;
    // What Node's own record does with the same request: the second Authorization is gone.
    expect(req.headers.authorization).toBe("Bearer first");
    expect(nodeHeaders(req, ["authorization"])).toEqual({
      authorization: ["Bearer first", "Bearer second"],
    });
    expect(nodeHeaders(req, ["x-api-key", "authorization"])).toEqual({
      "x-api-key": "k1",
      authorization: ["Bearer first", "Bearer second"],
    });
    expect(nodeHeaders(req, ["cookie"])).toEqual({});
    res.end();
  });

  it("reads a field sent three times as three values", () => {
    const req = { rawHeaders: ["X-Api-Key", "a", "x-api-key", "b", "X-API-KEY", "c"] };
    expect(nodeHeaders(req, ["x-api-key"])).toEqual({ "x-api-key": ["a", "b", "c"] });
  });
});

describe("nodeAbortSignal", () => {
  it("aborts when the client goes away before the response is finished", async () => {
    const server = await loopback();
    const arrived = server.next();
    const socket = send(server.port, []);
    const { res } = await arrived;
    const signal = nodeAbortSignal(res);
    expect(signal.aborted).toBe(false);
    socket.destroy();
    await once(signal, "abort");
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe("AbortError");
  });

  it("is aborted at once when the client has already gone", async () => {
    const server = await loopback();
    const arrived = server.next();
    const socket = send(server.port, []);
    const { res } = await arrived;
    socket.destroy();
    await once(res, "close");
    expect(nodeAbortSignal(res).aborted).toBe(true);
  });

  it("never aborts for a response that was finished", async () => {
    const server = await loopback();
    const arrived = server.next();
    const socket = send(server.port, []);
    const { res } = await arrived;
    const signal = nodeAbortSignal(res);
    const closed = once(res, "close");
    res.end("done");
    await closed;
    socket.destroy();
    expect(signal.aborted).toBe(false);
  });
});
