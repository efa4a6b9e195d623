/**
 * @module options
 * Command-line options of the benchmark. Defaults keep a full run under about five minutes on two
 * cores; `--quick` trades precision for a run of about one minute.
 */
import { parseArgs } from "node:util";

/** What one run measures and for how long. */
export interface BenchOptions {
  /** Interleaved rounds of load per framework; throughput is the median over rounds. */
  readonly rounds: number;
  /** Seconds of load per variant and round. */
  readonly durationSeconds: number;
  /** Latency of every fake Kinde answer, in ms. */
  readonly latencyMs: number;
  /** Concurrent connections autocannon keeps open. */
  readonly connections: number;
  /** Requests with distinct invalid keys sent before measuring the heap. */
  readonly memoryRequests: number;
  /** Batches of direct middleware calls / injected requests behind each budget median. */
  readonly batches: number;
  /** Distinct junk keys sprayed through Express in the worst-day run. */
  readonly sprayKeys: number;
  /** Trials of the revocation measure across two instances sharing Redis. */
  readonly revocationTrials: number;
  /** Whether `--quick` was given (only changes the defaults above). */
  readonly quick: boolean;
}

const HELP = `Usage: pnpm bench [--quick] [--rounds N] [--duration S] [--latency MS] [--connections N]
                  [--memory N] [--batches N] [--spray N] [--trials N]

  --quick          about one minute: 2 rounds x 1 s, fewer batches, 50,000 keys for memory
  --rounds N       interleaved load rounds per framework (default 5, quick 2)
  --duration S     seconds of load per variant and round (default 3, quick 1)
  --latency MS     latency of the fake Kinde's answers (default 20)
  --connections N  autocannon connections (default 10)
  --memory N       distinct invalid keys for the memory check (default 100000, quick 50000)
  --batches N      batches behind each budget median (default 60, quick 10)
  --spray N        distinct junk keys of the worst-day spray (default 100000, also quick)
  --trials N       revocation trials across two instances sharing Redis (default 100, quick 30)
`;

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(
      `--${name} must be a ${integer ? "non-negative integer" : "number"}, got ${raw}`,
    );
  }
  return value;
}

/** The memory check needs the cache (10,000 entries) full well before its halfway point. */
function memoryRequests(raw: string | undefined, quick: boolean): number {
  const value = positive("memory", raw, quick ? 50_000 : 100_000);
  if (value < 30_000) throw new RangeError("--memory must be at least 30000 (three cache bounds)");
  return value;
}

/** Parses `argv` (without node and the script). Prints help and exits on `--help`. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      duration: { type: "string" },
      latency: { type: "string" },
      connections: { type: "string" },
      memory: { type: "string" },
      batches: { type: "string" },
      spray: { type: "string" },
      trials: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  return {
    quick,
    rounds: Math.max(1, positive("rounds", values.rounds, quick ? 2 : 5)),
    durationSeconds: Math.max(0.5, positive("duration", values.duration, quick ? 1 : 3, false)),
    latencyMs: positive("latency", values.latency, 20),
    connections: Math.max(1, positive("connections", values.connections, 10)),
    memoryRequests: memoryRequests(values.memory, quick),
    batches: Math.max(3, positive("batches", values.batches, quick ? 10 : 60)),
    sprayKeys: Math.max(1_000, positive("spray", values.spray, 100_000)),
    revocationTrials: Math.max(1, positive("trials", values.trials, quick ? 30 : 100)),
  };
}
