/**
 * Hostile text costs linear time in every AI guard, proven two ways without a wall-clock limit:
 * a static ReDoS checker (recheck, pure JavaScript, offline) over every pattern the guards run, and
 * the growth of the run time on adversarial inputs when their length is multiplied by four.
 */
import { check } from "recheck";
import { describe, expect, it } from "vitest";
import { forgesContextOwner, sanitizeAIInput, validateAIResponse } from "./guards.ts";
import { guardPatterns } from "./patterns.ts";

// recheck would start a native or Java helper when its optional packages are installed; the pure
// backend runs in-process and needs nothing but the package itself, so every machine runs the same.
process.env.RECHECK_BACKEND = "pure";

describe("every guard pattern", () => {
  const patterns = guardPatterns();

  it("lists the patterns of every rule", () => {
    expect(patterns.length).toBeGreaterThanOrEqual(20);
    expect(patterns.every((pattern) => pattern instanceof RegExp)).toBe(true);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it("is proven linear by a static ReDoS checker", { timeout: 600_000 }, async () => {
    const verdicts = [];
    for (const pattern of patterns) {
      // The automaton checker decides from the pattern alone; the fuzzing one times attack runs
      // and can call a safe pattern vulnerable on a busy machine. No time limit, for the same reason.
      const diagnostics = await check(pattern.source, pattern.flags, {
        checker: "automaton",
        timeout: null,
      });
      verdicts.push({ pattern: `/${pattern.source}/${pattern.flags}`, ...diagnostics });
    }
    // `unknown` (a timeout or unsupported syntax) is a failure too: only `safe` proves linearity.
    expect(verdicts.filter((verdict) => verdict.status !== "safe")).toEqual([]);
  });
});

/** Runs `run` for a while, so that the JIT has compiled it before anything is timed. */
function warmUp(run: () => void): void {
  const until = performance.now() + 50;
  for (let calls = 0; calls < 3 || performance.now() < until; calls += 1) run();
}

/** How often `run` must repeat for one round to take long enough to time. */
function calibrate(run: () => void): number {
  let repeat = 1;
  while (roundMs(run, repeat) < 10 && repeat < 1 << 20) repeat *= 2;
  return repeat;
}

function roundMs(run: () => void, repeat: number): number {
  const started = performance.now();
  for (let i = 0; i < repeat; i += 1) run();
  return performance.now() - started;
}

/**
 * Time at length 4n over time at length n: near 4 for a linear scan, near 16 for a quadratic one.
 * Rounds of both sizes alternate and the fastest of each counts: a busy machine only ever adds
 * time, so the fastest round is the one closest to the cost of the code itself.
 */
function growth(make: (length: number) => string, guard: (text: string) => unknown, n: number) {
  const small = make(n);
  const large = make(4 * n);
  warmUp(() => guard(small));
  warmUp(() => guard(large));
  const repeat = calibrate(() => guard(small));
  const times = { small: [] as number[], large: [] as number[] };
  for (let round = 0; round < 7; round += 1) {
    times.large.push(roundMs(() => guard(large), repeat));
    times.small.push(roundMs(() => guard(small), repeat));
  }
  return Math.min(...times.large) / Math.min(...times.small);
}

const filled =
  (head: string, unit: string, tail = "") =>
  (length: number) =>
    head + unit.repeat(Math.floor((length - head.length - tail.length) / unit.length)) + tail;

const strip = (text: string) => sanitizeAIInput(text, { mode: "strip" });

describe("run time on adversarial input", () => {
  // Largest inputs at the default limits: 10,000 for prompts, 50,000 for answers.
  it.each([
    ["sanitizeAIInput", "'<' + spaces", filled("<", " "), sanitizeAIInput, 2_500],
    ["sanitizeAIInput", "'</' + tabs", filled("</", "\t"), sanitizeAIInput, 2_500],
    ["sanitizeAIInput strip", "'<script>' repeated", filled("", "<script>"), strip, 2_500],
    ["sanitizeAIInput strip", "'<a ' + spaces", filled("<a ", " ", "x"), strip, 2_500],
    ["sanitizeAIInput", "quote + spaces", filled("'", " "), sanitizeAIInput, 2_500],
    ["sanitizeAIInput", "'<a ' repeated", filled("", "<a "), sanitizeAIInput, 2_500],
    ["sanitizeAIInput strip", "'<script ' repeated", filled("", "<script "), strip, 2_500],
    ["sanitizeAIInput strip", "'on' repeated", filled("", " on"), strip, 2_500],
    ["sanitizeAIInput", "'&#' repeated", filled("", "&#"), sanitizeAIInput, 2_500],
    ["forgesContextOwner", "newlines", filled("", "\n", "x"), forgesContextOwner, 2_500],
    [
      "forgesContextOwner",
      "'ContextOwner' + spaces",
      filled("ContextOwner", " "),
      forgesContextOwner,
      2_500,
    ],
    ["validateAIResponse", "'<' + spaces", filled("<", " "), validateAIResponse, 12_500],
    ["validateAIResponse", "'![' repeated", filled("", "!["), validateAIResponse, 12_500],
    ["validateAIResponse", "'![x](' repeated", filled("", "![x]("), validateAIResponse, 12_500],
    ["validateAIResponse", "'[a]: ' + spaces", filled("[a]:", " "), validateAIResponse, 12_500],
    [
      "validateAIResponse",
      "'<img src=' repeated",
      filled("", "<img src="),
      validateAIResponse,
      12_500,
    ],
    ["validateAIResponse", "'k_live_' repeated", filled("", "k_live_"), validateAIResponse, 12_500],
    [
      "validateAIResponse",
      "'-----BEGIN ' + 'A '",
      filled("-----BEGIN ", "A "),
      validateAIResponse,
      12_500,
    ],
  ] as const)("%s on %s grows linearly", (_, __, make, guard, n) => {
    // Up to three tries: noise can make a linear guard look slow once, but never makes a quadratic
    // one (16x) look linear, since the fastest rounds of both sizes are compared.
    const ratios = [growth(make, guard, n)];
    while ((ratios.at(-1) ?? 0) >= 10 && ratios.length < 3) ratios.push(growth(make, guard, n));
    expect(Math.min(...ratios)).toBeLessThan(10);
  });
});
