/**
 * @module drivers/raw-socket
 * The app on a loopback port, each request over a fresh TCP socket as HTTP/1.1 written by hand.
 * Raw, not `http.request`: header lines go out exactly as given (a repeated `Authorization`, bytes
 * Node's client would refuse), so the server parses what a real client could send; and MSW, which
 * intercepts Node's HTTP client to serve the fake Kinde, leaves these sockets alone.
 */
import { connect } from "node:net";
import type { Servable } from "../app.ts";
import { type Driver, type HarnessResponse, requestLines, timed } from "./driver.ts";
import { listen } from "./listen.ts";

/** Serves `app` on a loopback port; each request goes over its own raw socket. */
export async function rawSocket(app: Servable): Promise<Driver> {
  const server = await listen(app);
  return {
    send: (request) =>
      timed(() => {
        const { path, lines, signal } = requestLines(request);
        return exchange(
          server.port,
          [
            `GET ${path} HTTP/1.1`,
            `host: 127.0.0.1:${server.port}`,
            "connection: close",
            ...lines.map(([name, value]) => `${name}: ${value}`),
          ],
          signal,
        );
      }),
    close: () => server.close(),
  };
}

type Answer = Omit<HarnessResponse, "ms">;

function exchange(port: number, lines: readonly string[], signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    // The client going away: the server sees the connection close before it answered.
    signal?.addEventListener("abort", () => {
      socket.destroy();
      reject(signal.reason);
    });
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

function parse(raw: Buffer): Answer {
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
