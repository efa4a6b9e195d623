/**
 * @module drivers/listen
 * Serves an app on a loopback port, for the drivers that go through real sockets. A Fetch app
 * (Hono) goes behind Node's `http` through `@hono/node-server`, as it would in production on Node.
 */
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import type { Servable } from "../app.ts";

/** An app listening on 127.0.0.1. */
export interface Listening {
  readonly port: number;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts serving `app` on a free loopback port.
 *
 * @param backlog - Accept-queue length; a burst of many connections at once needs a deep one.
 */
export async function listen(app: Servable, backlog = 511): Promise<Listening> {
  const server = createServer(await listenerOf(app));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", backlog }, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Node request listener of any app. */
export async function listenerOf(app: Servable): Promise<RequestListener> {
  if (app.listener) return app.listener;
  const { getRequestListener } = await import("@hono/node-server");
  return getRequestListener(app.fetch);
}
