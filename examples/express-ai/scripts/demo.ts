/**
 * @module demo
 * `pnpm demo`: a tour of the AI API with nothing to set up. It starts a fake Kinde and the
 * express-ai app on free loopback ports, creates keys through Kinde's management API (an org key, a
 * user key, a narrow-scope key, an environment key and a revoked one), sends real HTTP requests for
 * each case, prints what came back and a per-organization usage table, and exits (non-zero if any answer was not the expected one).
 *
 * `pnpm demo --serve` creates the same keys, prints ready-to-paste `curl` lines and keeps both
 * servers running until Ctrl+C. The keys are the fake's, so printing them is harmless.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Logger, redactKey } from "@acme/kinde-keys-core";
import { createKeyManager } from "@acme/kinde-keys-core/management";
import { type LocalStack, startLocalStack } from "../src/local-stack.ts";
import { jsonLogger } from "../src/logger.ts";
import { DEMO_KEYS, GLOSSARY, type KeyKind, STEPS, type Step, UNKNOWN_KEY } from "./demo-steps.ts";
import { printUsage } from "./usage-table.ts";

/** The demo's stricter limit on `/ai/chat` (GET and POST share it), so a few requests reach 429. */
const DEMO_CHAT_LIMIT = { limit: 5, windowMs: 60_000 };

/** One printed row. */
export interface DemoRow {
  readonly request: string;
  readonly key: KeyKind;
  readonly status: number;
  readonly expected: number;
  readonly code: string;
  readonly saw: string;
  readonly remaining: string;
  /** What the row shows and why the answer is what it is, in one sentence. */
  readonly why: string;
  /** The AI's answer, for 200s of AI routes. */
  readonly answer?: string;
}

/** What {@link runDemo} found. */
export interface DemoResult {
  readonly rows: readonly DemoRow[];
  /** Every answer had its expected status, and 200, 401, 403 and 429 all appeared. */
  readonly ok: boolean;
}

const AI_CODES = new Set([
  "INPUT_REJECTED",
  "OUTPUT_REJECTED",
  "PROVIDER_FAILED",
  "NO_TENANT_CONTEXT",
]);

/** `tickets(3), plan` for a context object. */
function summarise(value: unknown): string {
  if (value === null || typeof value !== "object") return "";
  return Object.entries(value)
    .map(([name, item]) => (Array.isArray(item) ? `${name}(${item.length})` : name))
    .join(", ");
}

/** What the handler worked with, read back from the answer. */
function handlerSaw(status: number, body: Record<string, unknown>): string {
  if (status === 200) {
    const data = body.context ?? { messages: body.messages };
    return `${String(body.owner)}: ${summarise(data)}`;
  }
  if (AI_CODES.has(String(body.code))) return `ran; AI guard refused (${String(body.violation)})`;
  return "nothing: refused before the handler";
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

async function createKeys(stack: LocalStack): Promise<Map<KeyKind, string>> {
  const keys = new Map<KeyKind, string>([["unknown", UNKNOWN_KEY]]);
  // POST /api/v1/api_keys (and DELETE /api/v1/api_keys/{id}) on the fake, via the SDK's key manager.
  const manager = createKeyManager(stack.client);
  for (const demoKey of DEMO_KEYS) {
    const issued = await manager.create(demoKey.input);
    if (demoKey.revoke) await manager.delete(issued.id);
    keys.set(demoKey.kind, issued.key);
  }
  return keys;
}

async function send(stack: LocalStack, step: Step, apiKey: string | undefined): Promise<DemoRow> {
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (step.method === "POST") headers["content-type"] = "application/json";
  const response = await fetch(`${stack.appUrl}${step.path}`, {
    method: step.method,
    headers,
    body: step.method === "POST" ? JSON.stringify({ prompt: step.prompt }) : undefined,
  });
  const body = (await response.json()) as Record<string, unknown>;
  return {
    request: `${step.method} ${step.path}`,
    key: step.key,
    status: response.status,
    expected: step.expect,
    code: typeof body.code === "string" ? body.code : "",
    saw: handlerSaw(response.status, body),
    remaining: /;r=(\d+)/.exec(response.headers.get("ratelimit") ?? "")?.[1] ?? "",
    why: step.why,
    ...(typeof body.response === "string" && { answer: body.response }),
  };
}

function curlLines(appUrl: string, keys: Map<KeyKind, string>): string[] {
  const post = (path: string, kind: KeyKind, prompt: string) =>
    `curl -s -X POST ${appUrl}${path} -H "Authorization: Bearer ${keys.get(kind)}" -H "content-type: application/json" -d '{"prompt":"${prompt}"}'`;
  return [
    "# 200: Acme's tickets only",
    post("/ai/support", "org", "Which tickets are urgent?"),
    "# 200: Alice's data only",
    post("/ai/process", "user", "Tidy up my notes"),
    "# 403 INSUFFICIENT_SCOPE",
    post("/ai/analytics", "narrow", "Show metrics"),
    "# 401 KEY_REVOKED",
    post("/ai/support", "revoked", "Still there?"),
    "# 401 MISSING_KEY",
    `curl -s -X POST ${appUrl}/ai/support`,
    "# 429 RATE_LIMITED from the 6th chat call within a minute",
    `curl -s -i ${appUrl}/ai/chat -H "Authorization: Bearer ${keys.get("user")}"`,
  ];
}

/**
 * Runs the tour and prints it through `out`. With `serve`, prints keys and `curl` lines instead and
 * returns the running stack without closing it.
 */
export async function runDemo(
  options: { serve?: boolean; out?: (line: string) => void; logger?: Logger } = {},
): Promise<DemoResult & { stack?: LocalStack }> {
  const out = options.out ?? ((line: string) => console.log(line));
  const logLines: string[] = [];
  const logger = options.logger ?? jsonLogger((_level, line) => logLines.push(line));
  const stack = await startLocalStack({ logger, routeRateLimits: { chat: DEMO_CHAT_LIMIT } });
  try {
    out(`Fake Kinde  ${stack.kinde.url}`);
    out(`express-ai  ${stack.appUrl}   (AI routes: 50 requests/key/15 min; /ai/chat: 5/key/min)`);
    out("");
    const keys = await createKeys(stack);
    out(
      "Keys created through the fake's management API (POST /api/v1/api_keys, DELETE to revoke):",
    );
    for (const demoKey of DEMO_KEYS) {
      const shown = options.serve ? keys.get(demoKey.kind) : redactKey(keys.get(demoKey.kind));
      out(`  ${demoKey.kind.padEnd(12)} ${String(shown).padEnd(42)} ${demoKey.label}`);
    }
    out("");
    for (const line of GLOSSARY) out(line);
    out("");

    if (options.serve) {
      out("Try it (the keys are the fake's, safe to paste):");
      for (const line of curlLines(stack.appUrl, keys)) out(line);
      out("");
      out("Usage logs follow as JSON lines. Ctrl+C stops both servers.");
      for (const line of nextSteps(true)) out(line);
      return { rows: [], ok: true, stack };
    }

    const rows: DemoRow[] = [];
    for (const step of STEPS) rows.push(await send(stack, step, keys.get(step.key)));

    const lines = table([
      ["#", "request", "key", "status", "code", "what the handler saw", "limit left"],
      ...rows.map((row, index) => [
        String(index + 1),
        row.request,
        row.key,
        row.status === row.expected
          ? String(row.status)
          : `${row.status} ✗ expected ${row.expected}`,
        row.code || "-",
        row.saw,
        row.remaining,
      ]),
    ]);
    out(lines[0] ?? "");
    lines.slice(1).forEach((line, index) => {
      out(line);
      out(`     ↳ ${rows[index]?.why ?? ""}`);
    });
    out("");

    const usage = await printUsage(stack, out);
    const orgsCounted = new Set(usage.filter((row) => row.requests > 0).map((row) => row.ownerId));
    const statuses = [...new Set(rows.map((row) => row.status))].sort();
    const allExpected = rows.every((row) => row.status === row.expected);
    const covered = [200, 401, 403, 429].every((status) => statuses.includes(status));
    const secrets = [...keys.values()];
    const leaked = logLines.some((line) => secrets.some((secret) => line.includes(secret)));
    const usageLine = logLines.find((line) => line.includes("AI request processed"));
    const answered = rows.find((row) => row.answer);
    if (answered) out(`Answer to ${answered.request} (${answered.key} key): ${answered.answer}`);
    out(`Statuses seen: ${statuses.join(", ")}`);
    out(`Log lines: ${logLines.length}, any API key in them: ${leaked ? "YES" : "no"}`);
    if (usageLine) out(`A usage line: ${usageLine}`);
    const ok = allExpected && covered && !leaked && orgsCounted.size === 2;
    out(ok ? "Demo OK" : "Demo FAILED: see ✗ above");
    for (const line of nextSteps(false)) out(line);
    return { rows, ok };
  } finally {
    if (!options.serve) await stack.close();
  }
}

/** Where to go from here: keep it running, read the code, use a real Kinde. */
function nextSteps(serving: boolean): string[] {
  return [
    "",
    "Next steps:",
    serving
      ? "  - The servers keep running: paste the curl lines above, then Ctrl+C."
      : "  - pnpm demo --serve   keeps the fake Kinde and the app running, and prints curl lines to try.",
    "  - The app's code: examples/express-ai/src/app.ts (routes, scopes, rate limits),",
    "    src/data.ts (each tenant's sample data), src/local-stack.ts (how the demo wires it to the fake).",
    "  - A real Kinde: follow docs/kinde-setup.md (an M2M app with read:api_keys, API keys enabled),",
    "    then run the app with KINDE_DOMAIN, KINDE_MANAGEMENT_CLIENT_ID and KINDE_MANAGEMENT_CLIENT_SECRET",
    "    set: node examples/express-ai/src/server.ts (see examples/express-ai/README.md).",
  ];
}

async function main(): Promise<void> {
  const serve = process.argv.includes("--serve");
  const result = await runDemo({ serve, logger: serve ? jsonLogger() : undefined });
  if (result.stack) {
    const { stack } = result;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        void stack.close().then(() => process.exit(0));
      });
    }
    return;
  }
  process.exitCode = result.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
