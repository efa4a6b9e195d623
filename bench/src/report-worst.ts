/**
 * @module report-worst
 * The worst-day part of the report: the spray beside a valid key, Kinde down, revocation across a
 * fleet, and their budgets.
 */
import { fmt, table } from "./stats.ts";
import { revocationFigures, type WorstDay } from "./worstday.ts";

/** A budget row: what it promises, what was measured, whether it holds. */
export interface Budget {
  readonly name: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** The valid key's p99 during the spray, at most this many times the quiet run's. */
const SPRAY_P99_FACTOR = 2;
/** Server heap growth allowed over the spray (after GC): the caches are bounded well below it. */
const SPRAY_HEAP_BYTES = 16 * 1_048_576;
/** With the breaker open, refusals answer well within a tenth of the Kinde timeout. */
const OUTAGE_P99_SHARE = 0.1;

const mib = (bytes: number) => `${fmt(bytes / 1_048_576, 1)} MiB`;
const ms = (value: number) => `${fmt(value, 2)} ms`;

/** Markdown of the worst day. */
export function worstSection({ spray, outage, revocation }: WorstDay): string[] {
  const lines = [
    `## Worst day (a): ${fmt(spray.junk.requests)} distinct junk keys through Express beside a valid key`,
    "",
    `Warm-cache capacity ${fmt(spray.capacity)} req/s; both runs at half of it, ${fmt(spray.rate)} req/s in total, of which the valid key sends ${fmt(spray.validRate)} req/s (paced, latency to the µs).`,
    "",
    table(
      ["measure", "quiet run", "spray"],
      [
        [
          "valid key: answered 200",
          `${fmt(spray.quiet.ok)} / ${fmt(spray.quiet.sent)}`,
          `${fmt(spray.valid.ok)} / ${fmt(spray.valid.sent)}`,
        ],
        ["valid key: p50", ms(spray.quiet.p50), ms(spray.valid.p50)],
        ["valid key: p99", ms(spray.quiet.p99), ms(spray.valid.p99)],
        [
          "junk: answered 401 / 503 / other",
          "",
          `${fmt(spray.junk.status4xx)} / ${fmt(spray.junk.status5xx)} / ${fmt(spray.junk.requests - spray.junk.status4xx - spray.junk.status5xx)}`,
        ],
        [
          "junk: p50 / p99 (autocannon, whole ms)",
          "",
          `${fmt(spray.junk.p50)} / ${fmt(spray.junk.p99)} ms`,
        ],
        ["spray duration", "", `${fmt(spray.seconds, 1)} s`],
        [
          "Kinde verify calls (budget: burst + perSecond × s)",
          "",
          `${fmt(spray.kindeCalls)} (≤ ${fmt(spray.kindeBudget)})`,
        ],
        [
          "server heap after GC, before / after",
          "",
          `${mib(spray.heap[0])} / ${mib(spray.heap[1])}`,
        ],
      ],
    ),
    "",
    "## Worst day (b): Kinde down (every verify call hangs), breaker open",
    "",
    table(
      ["traffic", "requests", "200", "503", "other", "p50 ms", "p99 ms", "max ms"],
      [
        ["new keys (need Kinde)", outage.junk],
        ["cached valid key", outage.valid],
      ].map(([label, t]) => {
        const r = t as WorstDay["outage"]["junk"];
        return [
          label as string,
          fmt(r.requests),
          fmt(r.ok),
          fmt(r.status5xx),
          fmt(r.requests - r.ok - r.status5xx),
          fmt(r.p50),
          fmt(r.p99),
          fmt(r.max),
        ];
      }),
    ),
    "",
    `Kinde timeout in this run: ${fmt(outage.timeoutMs)} ms per attempt (a first wave of 20 new keys waited for it and opened the breaker).`,
    "",
    "## Worst day (c): revocation across two instances sharing Redis",
    "",
  ];
  if ("skipped" in revocation) return [...lines, revocation.skipped];
  const figures = revocationFigures(revocation.trials);
  return [
    ...lines,
    table(
      ["measure", "value"],
      [
        [
          "trials refused on B within 5 s",
          `${fmt(figures.refused)} / ${fmt(revocation.trials.length)}`,
        ],
        ["delete(id) on A → refusal on B, median", ms(figures.median)],
        ["delete(id) on A → refusal on B, p99", ms(figures.p99)],
        ["delete(id) call itself, median", ms(figures.deleteMedian)],
      ],
    ),
  ];
}

/** The worst day's budgets. */
export function worstBudgets({ spray, outage, revocation }: WorstDay): Budget[] {
  const growth = spray.heap[1] - spray.heap[0];
  const list: Budget[] = [
    {
      name: "spray: Kinde verify calls within the verify budget",
      measured: `${fmt(spray.kindeCalls)} ≤ ${fmt(spray.kindeBudget)}`,
      pass: spray.kindeCalls <= spray.kindeBudget,
    },
    {
      name: "spray: every valid request answers 200",
      measured: `${fmt(spray.valid.ok)} / ${fmt(spray.valid.sent)}`,
      pass: spray.valid.ok === spray.valid.sent,
    },
    {
      name: `spray: valid p99 ≤ ${SPRAY_P99_FACTOR}× the quiet run's at the same total rate`,
      measured: `${ms(spray.valid.p99)} vs ${ms(spray.quiet.p99)} (${fmt(spray.valid.p99 / spray.quiet.p99, 2)}×)`,
      pass: spray.valid.p99 <= SPRAY_P99_FACTOR * spray.quiet.p99,
    },
    {
      name: `spray: server heap growth ≤ ${mib(SPRAY_HEAP_BYTES)}`,
      measured: mib(growth),
      pass: growth <= SPRAY_HEAP_BYTES,
    },
    {
      name: `Kinde down: new keys refused 503 with p99 ≤ ${fmt(OUTAGE_P99_SHARE * 100)} % of the timeout; cached key 200`,
      measured: `p99 ${fmt(outage.junk.p99)} ms, ${fmt(outage.junk.status5xx)} / ${fmt(outage.junk.requests)} × 503, ${fmt(outage.valid.ok)} / ${fmt(outage.valid.requests)} × 200`,
      pass:
        outage.junk.p99 <= OUTAGE_P99_SHARE * outage.timeoutMs &&
        outage.junk.status5xx === outage.junk.requests &&
        outage.valid.ok === outage.valid.requests,
    },
  ];
  if (!("skipped" in revocation)) {
    const figures = revocationFigures(revocation.trials);
    list.push({
      name: "revocation: every trial refused on the other instance",
      measured: `${fmt(figures.refused)} / ${fmt(revocation.trials.length)}, p99 ${ms(figures.p99)}`,
      pass: figures.refused === revocation.trials.length,
    });
  }
  return list;
}
