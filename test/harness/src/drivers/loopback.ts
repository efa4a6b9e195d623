/**
 * @module drivers/loopback
 * Real HTTP on a loopback port with Node's own client: Node's parser decides what a repeated
 * header is, and with a keep-alive agent the times measure the server rather than connection
 * set-up. Node's client refuses some header bytes a raw socket would send; use `raw-socket` for
 * those.
 */
import { Agent, request as httpRequest } from "node:http";
import type { Servable } from "../app.ts";
import { type Driver, type HarnessRequest, headerRecord, requestLines, timed } from "./driver.ts";
import { listen } from "./listen.ts";

/** How the loopback driver serves and connects. */
export interface LoopbackOptions {
  /** Most connections the client keeps open at once. @default 64 */
  readonly sockets?: number;
  /** The server's accept-queue length. @default 511 */
  readonly backlog?: number;
}

/** A loopback driver, with the address it serves on (for outside load generators). */
export interface LoopbackDriver extends Driver {
  /** e.g. `http://127.0.0.1:54321` */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
}

/** Serves `app` on a loopback port and sends requests with a keep-alive `node:http` client. */
export async function loopback(
  app: Servable,
  options: LoopbackOptions = {},
): Promise<LoopbackDriver> {
  const server = await listen(app, options.backlog);
  const sockets = options.sockets ?? 64;
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    origin,
    port: server.port,
    send: (request) => timed(() => exchange(origin, agent, request)),
    async close() {
      agent.destroy();
      await server.close();
    },
  };
}

function exchange(origin: string, agent: Agent, request: HarnessRequest | undefined) {
  const { path, lines } = requestLines(request);
  // An array value goes out as repeated lines. (Node's flat-list form would also skip `Host`.)
  const headers: Record<string, string[]> = {};
  for (const [name, value] of lines) headers[name] = [...(headers[name] ?? []), value];
  return new Promise<{ status: number; headers: Record<string, string>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${origin}${path}`, { method: "GET", headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: headerRecord(res.headers),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}
