/**
 * The fault matrix: every way Kinde can fail, through every adapter, against the fake Kinde on a
 * real loopback port. For each cell: no request reaches the handler, every answer is the documented
 * one (503, or 401 KEY_REVOKED for a revoked key), every answer arrives within the configured
 * bound, and the service recovers on its own once the fault clears. The table is printed at the end.
 */
import { createKindeKeys, type KindeKeysConfig } from "@acme/kinde-keys-core";
import { type FakeFault, type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDriver, type Driver, FRAMEWORKS, type Framework } from "./support/drivers.ts";
import type { FaultSpec } from "./support/kinde.ts";

// Short enough to keep the matrix quick, long enough that a cold first call (token + verify) fits
// while turbo runs other suites on the same two cores.
const TIMEOUT_MS = 400;
const TOTAL_TIMEOUT_MS = 1_000;
/** Scheduling noise on a loaded 2-core CI machine; the bound itself is the total timeout. */
const SLACK_MS = 600;
/** Warm-up is set-up, not the behaviour under test: a loaded machine may need a second try. */
const WARM_UP_ATTEMPTS = 3;
const CONCURRENT = 6;

interface Scenario {
  readonly name: string;
  /** Expected status and body code of every answer while the fault lasts. */
  readonly expected: { status: number; code: string | null };
  /** Whether the client's M2M token is fetched before the fault starts. */
  readonly warm: boolean;
  readonly start: (kinde: RunningFakeKinde) => void;
  /** How many requests must reach the handler during the fault (0 for every real fault). */
  readonly handled?: number;
  /** Requests sent during the fault. */
  readonly requests?: number;
  /**
   * Timeouts of the client, when the scenario is not about timing: a burst of 50 requests on a busy
   * CI machine needs room, and what it checks is the shared token refresh.
   */
  readonly timeouts?: { timeoutMs: number; totalTimeoutMs: number };
  /** Extra checks after the fault, e.g. on the fake's call counts. */
  readonly check?: (kinde: RunningFakeKinde, tokenCallsBefore: number) => void;
  /** Extra client settings. */
  readonly client?: KindeKeysConfig;
  /**
   * The client's token is over a minute old when Kinde refuses it: only then is a new one fetched
   * (a fresh token refused is a setup problem, and Kinde bills per token).
   */
  readonly agedToken?: boolean;
}

/** The breaker's pause in the matrix: short, so recovery is quick to see. */
const BACKOFF_MS = 100;
/** How long the matrix waits for a cell to recover once its fault clears (Retry-After: 1 included). */
const RECOVERY_MS = 3_000;

const unavailable = { status: 503, code: "VERIFICATION_UNAVAILABLE" };
const verifyFault = (fault: FaultSpec) => (kinde: RunningFakeKinde) =>
  kinde.fake.inject({ endpoint: "verify", ...fault } as FakeFault);

const scenarios: Scenario[] = [
  {
    name: "verify 500",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "status", status: 500 }),
  },
  {
    name: "verify 503",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "status", status: 503 }),
  },
  {
    name: "429, no Retry-After",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "status", status: 429 }),
  },
  {
    name: "429, Retry-After: 1",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "status", status: 429, headers: { "Retry-After": "1" } }),
  },
  {
    name: "hang past timeout",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "hang" }),
  },
  {
    name: "connection reset",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "reset" }),
  },
  {
    name: "non-JSON body",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "non-json" }),
  },
  {
    name: "schema-violating body",
    expected: unavailable,
    warm: true,
    start: verifyFault({ type: "body", body: { is_valid: "true", key_id: 42, scopes: "all" } }),
  },
  {
    name: "is_valid + revoked",
    expected: { status: 401, code: "KEY_REVOKED" },
    warm: true,
    start: verifyFault({
      type: "body",
      body: { is_valid: true, status: "revoked", key_id: "api_key_x", scopes: [] },
    }),
  },
  {
    name: "token endpoint down",
    expected: unavailable,
    warm: false,
    start: (kinde) => kinde.fake.inject({ endpoint: "token", type: "status", status: 503 }),
  },
  {
    name: "token endpoint hangs",
    expected: unavailable,
    warm: false,
    start: (kinde) => kinde.fake.inject({ endpoint: "token", type: "hang" }),
  },
  {
    name: "token rejected mid-flight",
    expected: unavailable,
    warm: true,
    agedToken: true,
    start: (kinde) => {
      kinde.fake.expireTokens();
      kinde.fake.inject({ endpoint: "token", type: "reset" });
    },
  },
  {
    name: "token expires in a burst",
    expected: { status: 200, code: null },
    warm: true,
    requests: 50,
    handled: 50,
    timeouts: { timeoutMs: 2_000, totalTimeoutMs: 4_000 },
    // 50 new keys at once is more than the default verify budget lets through; this cell is
    // about the shared token refresh.
    client: { verifyBudget: false },
    agedToken: true,
    start: (kinde) => {
      // Every verify waits 40 ms at the fake, so all 50 are in flight when the token dies.
      kinde.fake.setLatency(40);
      setTimeout(() => kinde.fake.expireTokens(), 15);
    },
    // One shared refresh for the whole burst, not one per request.
    check: (kinde, before) => expect(kinde.fake.calls.token - before).toBe(1),
  },
];

interface Row {
  scenario: string;
  framework: Framework;
  status: string;
  maxMs: number;
  boundMs: number;
  handled: number;
  recovered: boolean;
}

const rows: Row[] = [];
// One fake per framework, so the three columns run side by side without sharing faults.
const fakes = new Map<Framework, RunningFakeKinde>();

beforeAll(async () => {
  for (const framework of FRAMEWORKS) fakes.set(framework, await startFakeKinde());
  // `Date` runs on (and only ever jumps forward, see `agedToken`), so cells running side by side
  // never see time go back.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
});

afterAll(async () => {
  vi.useRealTimers();
  await Promise.all([...fakes.values()].map((running) => running.close()));
  printMatrix(rows);
});

function printMatrix(all: Row[]): void {
  if (all.length === 0) return;
  const names = [...new Set(all.map((row) => row.scenario))];
  const text = (row: Row | undefined) =>
    row
      ? `${row.status} ${String(Math.round(row.maxMs)).padStart(4)}ms${row.boundMs === TOTAL_TIMEOUT_MS ? "" : ` (bound ${row.boundMs})`} h=${row.handled} ${row.recovered ? "recovered" : "NOT RECOVERED"}`
      : "-";
  const table = names.map((name) => [
    name,
    ...FRAMEWORKS.map((f) => text(all.find((r) => r.scenario === name && r.framework === f))),
  ]);
  const header = ["fault", ...FRAMEWORKS];
  const widths = header.map((_, i) =>
    Math.max(header[i]?.length ?? 0, ...table.map((r) => r[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ");
  const lines = [
    `fault matrix: timeoutMs ${TIMEOUT_MS}, totalTimeoutMs ${TOTAL_TIMEOUT_MS}; status code, slowest answer, handler calls, recovery`,
    line(header),
    widths.map((w) => "-".repeat(w)).join("-|-"),
    ...table.map(line),
  ];
  console.log(lines.join("\n"));
}

async function runCell(framework: Framework, scenario: Scenario): Promise<Row> {
  const kinde = fakes.get(framework) as RunningFakeKinde;
  const { fake } = kinde;
  fake.clearFaults();
  fake.setLatency(0);
  const client = createKindeKeys(
    fake.clientConfig({
      ...(scenario.timeouts ?? { timeoutMs: TIMEOUT_MS, totalTimeoutMs: TOTAL_TIMEOUT_MS }),
      env: {},
      logger: false,
      breaker: { backoffMs: BACKOFF_MS },
      ...scenario.client,
    }),
  );
  const boundMs = scenario.timeouts?.totalTimeoutMs ?? TOTAL_TIMEOUT_MS;
  const driver: Driver = await createDriver(framework, { client });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  try {
    if (scenario.warm) {
      const key = fake.addKey().key;
      let warm = await driver.send(bearer(key));
      for (let attempt = 1; attempt < WARM_UP_ATTEMPTS && warm.status !== 200; attempt += 1) {
        warm = await driver.send(bearer(key));
      }
      expect(warm.status).toBe(200);
    }
    const handledBefore = driver.handled;
    const tokenCallsBefore = fake.calls.token;
    const keys = Array.from({ length: scenario.requests ?? CONCURRENT }, () => fake.addKey().key);
    if (scenario.agedToken) vi.setSystemTime(Date.now() + 61_000);
    scenario.start(kinde);
    const answers = await Promise.all(keys.map((key) => driver.send(bearer(key))));
    fake.setLatency(0);
    const handled = driver.handled - handledBefore;
    const statuses = new Set(
      answers.map((answer) =>
        `${answer.status} ${(JSON.parse(answer.body) as { code?: string }).code ?? ""}`.trim(),
      ),
    );
    const maxMs = Math.max(...answers.map((answer) => answer.ms));
    scenario.check?.(kinde, tokenCallsBefore);

    fake.clearFaults();
    // Recovery is on its own, but not at once after an outage: the circuit breaker waits for its
    // pause (or Kinde's Retry-After), then one probe closes it.
    const recoveryEnds = performance.now() + RECOVERY_MS;
    let after = await driver.send(bearer(fake.addKey().key));
    while (after.status !== 200 && performance.now() < recoveryEnds) {
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS));
      after = await driver.send(bearer(fake.addKey().key));
    }
    const row: Row = {
      scenario: scenario.name,
      framework,
      status: [...statuses].join("/"),
      maxMs,
      boundMs,
      handled,
      recovered: after.status === 200,
    };
    rows.push(row);

    expect(handled).toBe(scenario.handled ?? 0);
    for (const answer of answers) {
      expect(answer.status).toBe(scenario.expected.status);
      const body = JSON.parse(answer.body) as { code?: string };
      if (scenario.expected.code) expect(body.code).toBe(scenario.expected.code);
      if (answer.status === 503)
        expect(Number(answer.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    }
    expect(maxMs).toBeLessThanOrEqual(boundMs + SLACK_MS);
    expect(after.status, "recovers once the fault clears").toBe(200);
    return row;
  } finally {
    fake.clearFaults();
    fake.setLatency(0);
    await driver.close();
  }
}

describe("fault matrix", () => {
  for (const scenario of scenarios) {
    // The three frameworks run side by side, each against its own fake.
    it(scenario.name, async () => {
      const cells = await Promise.allSettled(
        FRAMEWORKS.map((framework) => runCell(framework, scenario)),
      );
      for (const cell of cells) if (cell.status === "rejected") throw cell.reason;
    });
  }
});
