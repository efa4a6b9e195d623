/**
 * @module drivers/injected
 * Requests in process, without a socket: Node apps through light-my-request (Node's own request
 * and response objects over an in-memory stream), Fetch apps through their `fetch`. Fast and free
 * of the machine's network, but the header lines reach the app as light-my-request or `Headers`
 * pass them, not as a client could send them.
 *
 * Express: light-my-request rewires the Express module's shared request and response prototypes
 * onto its own, for good. After one injected request, no app of that Express module in the
 * process can serve a real socket; keep injected and loopback Express runs in separate test files.
 */
import type { RequestListener } from "node:http";
import type { Servable } from "../app.ts";
import {
  type Driver,
  type HarnessResponse,
  type HeaderLines,
  headerRecord,
  requestLines,
  timed,
} from "./driver.ts";

/** A driver that hands each request to `app` in process. */
export async function injected(app: Servable): Promise<Driver> {
  const exchange = app.fetch ? viaFetch(app.fetch) : await viaInject(app.listener);
  return {
    send: (request) => timed(() => exchange(requestLines(request))),
    close: async () => {},
  };
}

type Exchange = (request: {
  path: string;
  lines: HeaderLines;
  signal?: AbortSignal;
}) => Promise<Omit<HarnessResponse, "ms">>;

function viaFetch(fetch: (request: Request) => Promise<Response>): Exchange {
  return async ({ path, lines, signal }) => {
    const headers = new Headers();
    for (const [name, value] of lines) headers.append(name, value);
    const response = await fetch(new Request(`http://localhost${path}`, { headers, signal }));
    const body = await response.text();
    return { status: response.status, headers: headerRecord(response.headers), body };
  };
}

async function viaInject(listener: RequestListener): Promise<Exchange> {
  const { default: inject } = await import("light-my-request");
  return async ({ path, lines }) => {
    // A repeated name becomes an array, which light-my-request passes on as repeated lines.
    const headers: Record<string, string[]> = {};
    for (const [name, value] of lines) {
      const lower = name.toLowerCase();
      headers[lower] = [...(headers[lower] ?? []), value];
    }
    const response = await inject(listener, { method: "GET", url: path, headers });
    return {
      status: response.statusCode,
      headers: headerRecord(response.headers),
      body: response.payload,
    };
  };
}
