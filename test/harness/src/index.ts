/**
 * @module @internal/harness
 * The one test harness: `makeApp(framework, options)` builds the same three routes in Express 5
 * and 4, Koa 3 and 2, Hono, Fastify and core's Fetch helper, and the drivers send requests to
 * them in process (`injected`), over loopback HTTP with Node's client (`loopback`) or byte for byte
 * over a raw socket (`raw-socket`).
 * The adapters' conformance suite (`@internal/harness/conformance`), the reliability suite and the
 * bench all build their apps here.
 */
export type {
  AdapterFor,
  App,
  AppOptions,
  FetchApp,
  Framework,
  KindeOptions,
  MiddlewareFor,
  NodeApp,
  Servable,
} from "./app.ts";
export { DEFAULT_PATH, FRAMEWORKS, HANDLER_ANSWER, makeApp, NO_KEY } from "./app.ts";
export type {
  ExpressAdapter,
  FastifyAdapter,
  FetchHelper,
  HonoAdapter,
  KoaAdapter,
} from "./apps/adapters.ts";
export type {
  Driver,
  HarnessRequest,
  HarnessResponse,
  HeaderLines,
  HeaderRecord,
} from "./drivers/driver.ts";
export { driverFor, type Transport } from "./drivers/index.ts";
export { injected } from "./drivers/injected.ts";
export { type LoopbackDriver, type LoopbackOptions, loopback } from "./drivers/loopback.ts";
export { rawSocket } from "./drivers/raw-socket.ts";
export { type RunningApp, startApp } from "./start.ts";
