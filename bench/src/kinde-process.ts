/**
 * @module kinde-process
 * The fake Kinde in its own process, as a real Kinde would be: its CPU and event loop are not the
 * app's. Started by run.ts with `--latency`; answers `addKey`, `calls`, `resetCalls`, `setLatency`.
 */
import { startFakeKinde } from "@acme/kinde-keys-testing";
import { serveWorker } from "./ipc.ts";

/** What the process announces once it listens. */
export interface KindeReady {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const latencyMs = Number(process.argv[2] ?? "20");
const kinde = await startFakeKinde({ latencyMs });

serveWorker(
  {
    url: kinde.url,
    clientId: kinde.fake.clientId,
    clientSecret: kinde.fake.clientSecret,
  } satisfies KindeReady,
  {
    addKey: () => kinde.fake.addKey({ orgCode: "org_bench", scopes: ["read:bench"] }).key,
    calls: () => kinde.fake.calls,
    resetCalls: () => kinde.fake.resetCalls(),
    setLatency: (ms: number) => kinde.fake.setLatency(ms),
  },
);
