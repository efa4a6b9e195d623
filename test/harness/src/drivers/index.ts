/**
 * @module drivers
 * Picks a driver by name, loading only its own module: the raw-socket and loopback drivers need
 * `node:net` and `node:http`, which an in-process run inside workerd must not load.
 */
import type { Servable } from "../app.ts";
import type { Driver } from "./driver.ts";

/**
 * How requests reach an app: `injected` in process, `loopback` over real HTTP with Node's client
 * (keep-alive), `raw-socket` over real HTTP written byte for byte.
 */
export type Transport = "injected" | "loopback" | "raw-socket";

/** A driver for `app` over `transport`. */
export async function driverFor(app: Servable, transport: Transport): Promise<Driver> {
  switch (transport) {
    case "injected":
      return (await import("./injected.ts")).injected(app);
    case "loopback":
      return (await import("./loopback.ts")).loopback(app);
    case "raw-socket":
      return (await import("./raw-socket.ts")).rawSocket(app);
  }
}
