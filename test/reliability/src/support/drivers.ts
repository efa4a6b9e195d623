/**
 * @module support/drivers
 * The published adapters in the harness's apps (`@internal/harness`), behind the one interface
 * these suites use: send headers, get the answer and its wall time, count what reached the
 * handlers. Express runs on real loopback HTTP by default, Koa and Hono in process; Hono always runs
 * in process, through its Fetch handler.
 */
import * as express from "@acme/kinde-keys-express";
import * as hono from "@acme/kinde-keys-hono";
import * as koa from "@acme/kinde-keys-koa";
import {
  type HarnessResponse,
  type HeaderRecord,
  type KindeOptions,
  startApp,
} from "@internal/harness";

/** The adapters under test, by package. */
export type Framework = "express" | "koa" | "hono";
export const FRAMEWORKS: readonly Framework[] = ["express", "koa", "hono"];

/** How requests reach a Node framework: real loopback HTTP, or light-my-request in process. */
export type Transport = "http" | "inject";

/** Options handed to every adapter's `kindeApiKey`. */
export type AdapterOptions = KindeOptions;

/** Request headers; an array is a repeated header. */
export type RequestHeaders = HeaderRecord;

/** A published adapter in its framework's harness app. */
export interface Driver {
  readonly framework: Framework;
  /** Sends `GET /things` with `headers`. */
  send(headers: RequestHeaders): Promise<HarnessResponse>;
  /** Requests that reached the route handler so far. */
  readonly handled: number;
  /** The key ids the handler saw, in order. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

/** Builds `framework`'s app with the published adapter in front of its routes. */
export async function createDriver(
  framework: Framework,
  options: AdapterOptions,
  transport: Transport = framework === "express" ? "http" : "inject",
): Promise<Driver> {
  const over = transport === "http" && framework !== "hono" ? "loopback" : "injected";
  const running =
    framework === "express"
      ? await startApp("express5", { adapter: express, kinde: options }, over)
      : framework === "koa"
        ? await startApp("koa3", { adapter: koa, kinde: options }, over)
        : await startApp("hono", { adapter: hono, kinde: options }, over);
  return {
    framework,
    send: (headers) => running.send({ headers }),
    get handled() {
      return running.handled.length;
    },
    seen: running.handled,
    close: running.close,
  };
}
