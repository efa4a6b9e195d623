/**
 * @module adapter-conformance/node-driver
 * A {@link Driver} for Node frameworks (Express, Koa): the app listens on a loopback port for the
 * current test, and each request goes over a raw TCP socket as HTTP/1.1. Raw, not `http.request`:
 * header lines go out exactly as given (a repeated `Authorization`, bytes Node's client would refuse),
 * so the server parses what a real client could send; and MSW, which intercepts Node's HTTP client
 * to serve the fake Kinde, leaves these sockets alone.
 */
import { createServer, type RequestListener } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { onTestFinished } from "vitest";
import type { ConformanceRequest, ConformanceResponse, Driver } from "./suite.ts";

/** Serves `listener` on 127.0.0.1 until the current test finishes. */
export async function serveOnLoopback(listener: RequestListener): Promise<Driver> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return (request) => exchange(port, request);
}

function exchange(port: number, request: ConformanceRequest): Promise<ConformanceResponse> {
  const lines = [
    `GET ${request.path} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    "connection: close",
    ...(request.headers ?? []).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      socket.end();
      try {
        resolve(parse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    // latin1: one byte per character, as HTTP/1.1 carries field values (RFC 9110 §5.5).
    socket.write(Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"));
  });
}

function parse(raw: Buffer): ConformanceResponse {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1)
    throw new Error(`Incomplete HTTP response: ${JSON.stringify(raw.toString("latin1"))}`);
  const [statusLine = "", ...fields] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(":");
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = raw.subarray(end + 4);
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  return { status: Number(statusLine.split(" ")[1]), headers, body: body.toString("utf8") };
}

/** Decodes a chunked body (RFC 9112 §7.1); chunk extensions and trailers are skipped. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
