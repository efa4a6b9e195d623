/**
 * @module server-process
 * One framework's four apps (bare, adapter, adapter without cache, naive), each on its own loopback
 * port, in a process of their own so the load generator does not share their event loop. Started
 * by run.ts as `server-process.ts <framework> <kinde setup as JSON>`.
 */
import { loopback } from "@internal/harness";
import { buildApp, type Framework, type KindeSetup, VARIANTS, type Variant } from "./apps.ts";
import { serveWorker } from "./ipc.ts";

/** What the process announces once every app listens. */
export interface ServersReady {
  readonly ports: Record<Variant, number>;
}

const framework = process.argv[2] as Framework;
const kinde = JSON.parse(process.argv[3] ?? "{}") as KindeSetup;

const ports = {} as Record<Variant, number>;
for (const variant of VARIANTS) {
  // A deep accept queue: the coalescing check opens 1,000 connections at once.
  const server = await loopback(await buildApp(framework, variant, kinde), { backlog: 4096 });
  ports[variant] = server.port;
}

serveWorker({ ports } satisfies ServersReady, {
  heapUsed: () => process.memoryUsage().heapUsed,
  // After a full collection when started with `--expose-gc` (the worst-day run does).
  heapAfterGc: () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  },
});
