/**
 * @module server
 * `startFakeKinde()`: the fake on a real loopback HTTP port, for code that cannot be intercepted
 * by MSW: other processes (a CLI, an example app), other runtimes, or tests that want the full
 * network path. `node:http` is imported only when a server starts, so importing this package stays
 * possible on runtimes without it (edge, workers), where only MSW and `fake.fetch` are used.
 */

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isFakeConnectionResetError } from "./errors.ts";
import { buildFakeKinde } from "./fake-core.ts";
import type { FakeKindeCore, FakeKindeOptions } from "./types.ts";

/**
 * Options of {@link startFakeKinde}: those of `createFakeKinde` except `domain`, which is the
 * server's own URL.
 */
export interface StartFakeKindeOptions extends Omit<FakeKindeOptions, "domain"> {
  /** Port to listen on; `0` picks a free one. @default `0` */
  port?: number;
  /** Interface to listen on. @default `"127.0.0.1"` */
  host?: string;
}

/** A fake Kinde listening on a loopback port. */
export interface RunningFakeKinde {
  /** Base URL, e.g. `http://127.0.0.1:54321`; use it as the Kinde domain. */
  readonly url: string;
  /** The fake behind the server; its `origin` is {@link RunningFakeKinde.url}. */
  readonly fake: FakeKindeCore;
  /** Stops listening and drops open connections (pending `hang`s included). Safe to call twice. */
  close(): Promise<void>;
}

/** Headers `Request` manages itself or that describe the hop, not the message. */
const HOP_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "host",
]);

async function toRequest(
  req: IncomingMessage,
  origin: string,
  signal: AbortSignal,
): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (!HOP_HEADERS.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? "GET";
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : null,
    signal,
  });
}

async function serve(
  fake: FakeKindeCore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // The client hanging up is the server-side view of an abort: it must end pending waits.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new Error("Client closed the connection"));
  });
  try {
    const response = await fake.fetch(await toRequest(req, fake.origin, controller.signal));
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, [...response.headers]);
    res.end(body);
  } catch (error) {
    if (isFakeConnectionResetError(error)) {
      // A TCP RST, so the client sees ECONNRESET as from a real dropped connection.
      req.socket.resetAndDestroy();
    } else if (!controller.signal.aborted) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a fake Kinde on a loopback HTTP port.
 *
 * @example
 * ```ts
 * const kinde = await startFakeKinde({ keys: [{ key: "k_live_0123", scopes: ["read:reports"] }] });
 * process.env.KINDE_DOMAIN = kinde.url;
 * process.env.KINDE_MANAGEMENT_CLIENT_ID = kinde.fake.clientId;
 * process.env.KINDE_MANAGEMENT_CLIENT_SECRET = kinde.fake.clientSecret;
 * // … run the code under test …
 * await kinde.close();
 * ```
 */
export async function startFakeKinde(
  options: StartFakeKindeOptions = {},
): Promise<RunningFakeKinde> {
  const { port = 0, host = "127.0.0.1", ...fakeOptions } = options;
  const { createServer } = await import("node:http");

  // The fake's origin is the server's URL, known only once the port is bound.
  let fake: FakeKindeCore | undefined;
  const server = createServer((req, res) => {
    if (fake) {
      void serve(fake, req, res);
    } else {
      res.writeHead(503).end();
    }
  });
  const address = await listen(server, port, host);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  fake = buildFakeKinde({ ...fakeOptions, domain: url }, () => ({}));

  let closing: Promise<void> | undefined;
  return {
    url,
    fake,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and hanging connections would otherwise hold `close()` open indefinitely.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
