/**
 * @module report
 * Turns the measurements into the Markdown the benchmark prints: throughput tables, the coalescing
 * and memory checks, the stable measures, and the budget table with PASS/FAIL.
 */
import { FRAMEWORKS, type Framework, VARIANT_LABELS, VARIANTS, type Variant } from "./apps.ts";
import type { DirectCost, InjectedCost, MemoryReport } from "./inprocess.ts";
import type { LoadResult } from "./load.ts";
import { type Budget, worstBudgets, worstSection } from "./report-worst.ts";
import { fmt, table } from "./stats.ts";
import type { WorstDay } from "./worstday.ts";

/**
 * The adapter's own cost per call on a warm cache, in SHA-256s of the key measured in the same run
 * (the floor of a warm-cache check is one SHA-256): a ratio, since absolute µs differ by ±40 %
 * between machines.
 */
export const BUDGET_DIRECT_SHA256S = 4;
/**
 * What the Hono adapter may add to a bare injected request (`app.request`), as a share. Express and
 * Koa spend 30–50 µs per injected request of their own, so their share is reported, not budgeted:
 * the direct-call ratio is the binding measure there.
 */
export const BUDGET_HONO_OVERHEAD = 0.6;
/** Requests in the coalescing check. */
export const BURST = 1_000;
/**
 * Heap growth allowed over the second half of the memory check. Entries cost ~120–150 B each (the
 * first half, filling the 10,000-entry cache, grows the heap by ~1.2 MiB), so 50,000 unbounded
 * entries would add 6–7 MiB. A bounded cache is not flat to the byte: its `Map` keeps deleted
 * slots until it rehashes, so its table swings between two sizes (~0.8 MiB at 10,000 entries). The
 * same code measured -0.86, +1.02 and +0.74 MiB over second halves of 50,000, 100,000 and 200,000
 * requests: no growth with the count, a swing of about 1 MiB either way.
 */
const MAX_LATE_GROWTH_BYTES = 2 * 1_048_576;

/** Everything one run measured. */
export interface Results {
  readonly core: { readonly authorize: number; readonly sha256: number };
  readonly direct: Record<Framework, DirectCost>;
  readonly injected: Record<Framework, InjectedCost>;
  readonly memory: MemoryReport;
  readonly throughput: Record<Framework, Record<Variant, LoadResult>>;
  readonly coalescing: Record<
    Framework,
    Record<"adapter" | "no-cache" | "naive", { calls: number; ok: number }>
  >;
  readonly worst: WorstDay;
}

const mib = (bytes: number) => `${fmt(bytes / 1_048_576, 1)} MiB`;

function overhead(results: Results, framework: Framework): number {
  const { bare, adapter } = results.injected[framework];
  return (adapter - bare) / bare;
}

function throughputSection(results: Results): string[] {
  const lines = ["## Throughput over loopback (medians of interleaved rounds)"];
  for (const framework of FRAMEWORKS) {
    const bare = results.throughput[framework].bare.rps;
    const rows = VARIANTS.map((variant) => {
      const r = results.throughput[framework][variant];
      return [
        VARIANT_LABELS[variant],
        fmt(r.rps),
        fmt(r.p50, 1),
        fmt(r.p99, 1),
        `${fmt(r.rps / bare, 2)}x`,
        fmt(r.failures),
      ];
    });
    lines.push(
      "",
      `### ${framework}`,
      "",
      table(["variant", "req/s", "p50 ms", "p99 ms", "vs bare", "failed"], rows),
    );
  }
  return lines;
}

function coalescingSection(results: Results): string[] {
  const rows = FRAMEWORKS.map((framework) => {
    const c = results.coalescing[framework];
    return [
      framework,
      fmt(c.adapter.calls),
      fmt(c["no-cache"].calls),
      fmt(c.naive.calls),
      `${fmt(c.adapter.ok)} / ${fmt(c["no-cache"].ok)} / ${fmt(c.naive.ok)}`,
    ];
  });
  return [
    `## Kinde verify calls for ${fmt(BURST)} concurrent requests carrying one new key`,
    "",
    table(["framework", "adapter (cache)", "adapter (cache off)", "naive", "answered 200"], rows),
    "",
    "Counted by Kinde's own `verification_count` of the new key (the fake's), so requests of an",
    "earlier measure still draining from the server's sockets are not counted.",
  ];
}

function memorySection({ memory }: Results): string[] {
  const [before, middle, after] = memory.heap;
  const late = after - middle;
  const yesNo = (value: boolean) => (value ? "yes" : "no");
  return [
    `## Memory: ${fmt(memory.count)} requests with distinct invalid keys (Hono adapter, in-process)`,
    "",
    table(
      ["measure", "value"],
      [
        ["requests answered 401", fmt(memory.refused)],
        ["Kinde verify calls", fmt(memory.kindeCalls)],
        ["time", `${fmt(memory.seconds, 1)} s`],
        ["cache bound (maxEntries)", fmt(memory.maxEntries)],
        [
          "oldest key still cached / newest",
          `${yesNo(memory.oldestCached)} / ${yesNo(memory.newestCached)}`,
        ],
        ["heap after GC, before", mib(before)],
        [`heap after GC, after ${fmt(memory.count / 2)}`, mib(middle)],
        [`heap after GC, after ${fmt(memory.count)}`, mib(after)],
        [
          "growth over the second half",
          `${mib(late)} (${fmt(late / (memory.count / 2), 1)} B per request)`,
        ],
      ],
    ),
  ];
}

function stableSection(results: Results): string[] {
  const rows = FRAMEWORKS.map((framework) => {
    const { bare, noop, adapter } = results.injected[framework];
    return [
      framework,
      fmt(results.direct[framework].adapter, 2),
      fmt(results.direct[framework].noop, 2),
      fmt(results.direct[framework].sha256, 2),
      `${fmt(results.direct[framework].adapter / results.direct[framework].sha256, 2)}×`,
      fmt(bare, 1),
      fmt(noop, 1),
      fmt(adapter, 1),
      `${fmt(((adapter - bare) / bare) * 100, 1)} %`,
      `${fmt(((noop - bare) / bare) * 100, 1)} %`,
      `${fmt(((adapter - noop) / bare) * 100, 1)} %`,
    ];
  });
  return [
    "## Stable measures (medians of batches, better of two passes)",
    "",
    "Direct: the middleware called in a tight loop on fresh framework request objects, warm cache,",
    "interleaved batch by batch with a no-op middleware and one SHA-256 of the key (node:crypto).",
    "Injected: whole requests without sockets (light-my-request; `app.request` for Hono), the three",
    "apps interleaved batch by batch. Each framework (and core) is measured in a fresh process of",
    "its own; the two passes are minutes apart.",
    "",
    table(
      [
        "framework",
        "adapter call µs",
        "no-op call µs",
        "SHA-256 µs",
        "adapter / SHA-256",
        "bare injected µs",
        "+ no-op mw µs",
        "+ adapter µs",
        "adapter overhead",
        "no-op overhead",
        "adapter beyond no-op",
      ],
      rows,
    ),
    "",
    `Core alone: compiled \`authorize()\` with a warm cache ${fmt(results.core.authorize, 2)} µs; SHA-256 (node:crypto) ${fmt(results.core.sha256, 2)} µs.`,
  ];
}

/** The budgets and whether each holds. */
export function budgets(results: Results): Budget[] {
  const list: Budget[] = [];
  for (const framework of FRAMEWORKS) {
    const { adapter, sha256 } = results.direct[framework];
    const ratio = adapter / sha256;
    list.push({
      name: `${framework}: adapter direct call ≤ ${BUDGET_DIRECT_SHA256S}× one SHA-256 (same run)`,
      measured: `${fmt(ratio, 2)}× (${fmt(adapter, 2)} / ${fmt(sha256, 2)} µs)`,
      pass: ratio <= BUDGET_DIRECT_SHA256S,
    });
  }
  const share = overhead(results, "hono");
  list.push({
    name: `hono: adapter overhead ≤ ${BUDGET_HONO_OVERHEAD * 100} % of a bare injected request`,
    measured: `${fmt(share * 100, 1)} %`,
    pass: share <= BUDGET_HONO_OVERHEAD,
  });
  for (const framework of FRAMEWORKS) {
    const { calls, ok } = results.coalescing[framework].adapter;
    list.push({
      name: `${framework}: ${fmt(BURST)} concurrent requests with one new key → 1 Kinde call`,
      measured: `${calls} call (${fmt(ok)} × 200)`,
      pass: calls === 1 && ok === BURST,
    });
  }
  const { memory } = results;
  const late = memory.heap[2] - memory.heap[1];
  list.push({
    name: `cache bound holds: heap growth < ${fmt(MAX_LATE_GROWTH_BYTES / 1_048_576)} MiB over the last ${fmt(memory.count / 2)} invalid keys, oldest evicted`,
    measured: `${fmt(late / 1_048_576, 2)} MiB, oldest ${memory.oldestCached ? "kept" : "evicted"}`,
    pass: late < MAX_LATE_GROWTH_BYTES && !memory.oldestCached && memory.newestCached,
  });
  return [...list, ...worstBudgets(results.worst)];
}

/** The whole report as Markdown, and whether any budget failed. */
export function renderReport(results: Results): { markdown: string; failed: boolean } {
  const list = budgets(results);
  const lines = [
    ...throughputSection(results),
    "",
    ...coalescingSection(results),
    "",
    ...memorySection(results),
    "",
    ...stableSection(results),
    "",
    ...worstSection(results.worst),
    "",
    "## Budgets",
    "",
    table(
      ["budget", "measured", "verdict"],
      list.map(({ name, measured, pass }) => [name, measured, pass ? "PASS" : "FAIL"]),
    ),
  ];
  return { markdown: lines.join("\n"), failed: list.some(({ pass }) => !pass) };
}
