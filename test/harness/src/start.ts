/**
 * @module start
 * `startApp`: build an app and put a driver in front of it in one step, for suites that only send
 * requests and count what reached the handlers.
 */
import { type App, type AppOptions, type Framework, makeApp } from "./app.ts";
import type { Driver } from "./drivers/driver.ts";
import { driverFor, type Transport } from "./drivers/index.ts";

/** An app with its driver. */
export interface RunningApp extends Driver {
  readonly app: App;
  /** Key ids the handlers saw, in order (the app's `handled`). */
  readonly handled: readonly string[];
}

/**
 * Builds `framework`'s app and serves it over `transport`.
 *
 * @example
 * ```ts
 * const running = await startApp("koa3", { adapter, kinde: { client } }, "loopback");
 * const answer = await running.send({ headers: { authorization: `Bearer ${key}` } });
 * await running.close();
 * ```
 */
export async function startApp<F extends Framework>(
  framework: F,
  options: AppOptions<F>,
  transport: Transport = "injected",
): Promise<RunningApp> {
  const app = await makeApp(framework, options);
  const driver = await driverFor(app, transport);
  return { app, handled: app.handled, send: driver.send, close: driver.close };
}
