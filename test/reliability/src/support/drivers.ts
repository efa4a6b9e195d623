/**
 * @module support/drivers
 * The same protected route on each adapter, behind one interface: send headers, get the answer and
 * its wall time, count how many requests reached the handler. Express runs on real loopback HTTP
 * (or light-my-request when MSW owns the process's sockets), Koa through light-my-request (or
 * loopback HTTP), Hono through `app.request`.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { kindeApiKey as expressKindeApiKey } from "@acme/kinde-keys-express";
import { kindeApiKey as honoKindeApiKey } from "@acme/kinde-keys-hono";
import { kindeApiKey as koaKindeApiKey } from "@acme/kinde-keys-koa";
import express from "express";
import { Hono } from "hono";
import Koa from "koa";
import inject from "light-my-request";
import { type Answer, get, headerRecord, keepAliveAgent } from "./http.ts";

export type Framework = "express" | "koa" | "hono";
export const FRAMEWORKS: readonly Framework[] = ["express", "koa", "hono"];

/** How requests reach a Node framework: a real socket, or light-my-request's in-memory one. */
export type Transport = "http" | "inject";

/** Options handed to every adapter's `kindeApiKey` (the subset all three share). */
export type AdapterOptions = Parameters<typeof expressKindeApiKey>[0];

/** Request headers; an array is a repeated header. */
export type RequestHeaders = Record<string, string | string[]>;

export interface Driver {
  readonly framework: Framework;
  /** Sends `GET /api/thing` with `headers`. */
  send(headers: RequestHeaders): Promise<Answer>;
  /** Requests that reached the route handler so far. */
  readonly handled: number;
  /** The key ids the handler saw, in order. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

const PATH = "/api/thing";

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}${PATH}`);
    });
  });
}

async function nodeDriver(
  framework: "express" | "koa",
  handler: (
    req: import("node:http").IncomingMessage,
    res: import("node:http").ServerResponse,
  ) => void,
  transport: Transport,
  state: { handled: number; seen: string[] },
): Promise<Driver> {
  if (transport === "inject") {
    return {
      framework,
      async send(headers) {
        const started = performance.now();
        const res = await inject(handler, { method: "GET", url: PATH, headers });
        return {
          status: res.statusCode,
          headers: headerRecord(res.headers),
          body: res.payload,
          ms: performance.now() - started,
        };
      },
      get handled() {
        return state.handled;
      },
      seen: state.seen,
      close: async () => {},
    };
  }
  const { createServer } = await import("node:http");
  const server = createServer(handler);
  const url = await listen(server);
  const agent = keepAliveAgent(64);
  return {
    framework,
    send: (headers) => get(url, headers, agent),
    get handled() {
      return state.handled;
    },
    seen: state.seen,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Builds `framework`'s app with the adapter in front of one handler. */
export async function createDriver(
  framework: Framework,
  options: AdapterOptions,
  transport: Transport = framework === "express" ? "http" : "inject",
): Promise<Driver> {
  const state = { handled: 0, seen: [] as string[] };
  if (framework === "express") {
    const app = express();
    app.disable("x-powered-by");
    app.use(expressKindeApiKey(options));
    app.get(PATH, (req, res) => {
      state.handled += 1;
      state.seen.push(req.kindeApiKey?.keyId ?? "");
      res.json({ keyId: req.kindeApiKey?.keyId ?? null });
    });
    return nodeDriver(framework, app, transport, state);
  }
  if (framework === "koa") {
    const app = new Koa();
    app.silent = true;
    app.use(koaKindeApiKey(options as Parameters<typeof koaKindeApiKey>[0]));
    app.use((ctx) => {
      state.handled += 1;
      state.seen.push(ctx.state.kindeApiKey?.keyId ?? "");
      ctx.body = { keyId: ctx.state.kindeApiKey?.keyId ?? null };
    });
    return nodeDriver(framework, app.callback(), transport, state);
  }
  const app = new Hono();
  app.use("/api/*", honoKindeApiKey(options as Parameters<typeof honoKindeApiKey>[0]));
  app.get(PATH, (c) => {
    state.handled += 1;
    state.seen.push(c.get("kindeApiKey")?.keyId ?? "");
    return c.json({ keyId: c.get("kindeApiKey")?.keyId ?? null });
  });
  return {
    framework,
    async send(headers) {
      const started = performance.now();
      const init = new Headers();
      for (const [name, value] of Object.entries(headers)) {
        for (const one of Array.isArray(value) ? value : [value]) init.append(name, one);
      }
      const res = await app.request(PATH, { headers: init });
      const body = await res.text();
      return {
        status: res.status,
        headers: headerRecord(res.headers),
        body,
        ms: performance.now() - started,
      };
    },
    get handled() {
      return state.handled;
    },
    seen: state.seen,
    close: async () => {},
  };
}
