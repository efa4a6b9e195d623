/**
 * @module kinde-process
 * The fake Kinde in its own process, as a real Kinde would be: its CPU and event loop are not the
 * app's. Started by run.ts with `--latency`; answers `addKey`, `issueKey` (id and secret), `calls`,
 * `verificationCount` (Kinde's own count for one key id), `resetCalls`, `setLatency`, and `inject` /
 * `clearFaults` (Kinde down, for the worst-day run).
 */
import { type FakeClientConfig, type FakeFault, startFakeKinde } from "@acme/kinde-keys-testing";
import { serveWorker } from "./ipc.ts";

/** What the process announces once it listens. */
export interface KindeReady {
  readonly url: string;
  /** Settings for a client of this fake (plain data: it crosses to the server processes). */
  readonly client: FakeClientConfig;
}

const latencyMs = Number(process.argv[2] ?? "20");
const kinde = await startFakeKinde({ latencyMs });

serveWorker({ url: kinde.url, client: kinde.fake.clientConfig() } satisfies KindeReady, {
  addKey: () => kinde.fake.addKey({ orgCode: "org_bench", scopes: ["read:bench"] }).key,
  issueKey: () => {
    const { id, key } = kinde.fake.addKey({ orgCode: "org_bench", scopes: ["read:bench"] });
    return { id, key };
  },
  inject: (fault: FakeFault) => void kinde.fake.inject(fault),
  clearFaults: () => void kinde.fake.clearFaults(),
  calls: () => kinde.fake.calls,
  verificationCount: (id: string) => kinde.fake.getKey(id)?.verificationCount ?? 0,
  resetCalls: () => kinde.fake.resetCalls(),
  setLatency: (ms: number) => kinde.fake.setLatency(ms),
});
