/**
 * `pnpm test:e2e`: the example as it runs in production. Builds it with `next build` (without any
 * `KINDE_*` setting: the build must not need Kinde's credentials), starts it with `next start` on
 * loopback against the fake Kinde's loopback server, sends real HTTP requests for each case, prints
 * what came back and exits 1 if any answer is not the expected one. `--no-build` reuses `.next`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";

const here = fileURLToPath(new URL("..", import.meta.url));
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const ALL_SCOPES = [
  "read:ai_support",
  "read:ai_analytics",
  "write:ai_workflow",
  "read:ai_chats",
  "write:ai_chat",
  "write:ai_process",
];

/** One request and the answer it must get. */
interface Case {
  name: string;
  method: "GET" | "POST";
  path: string;
  key?: string;
  status: number;
  code?: string;
  before?: () => void;
}

const log = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const settings = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("KINDE_")),
  );
  const env: NodeJS.ProcessEnv = {
    ...settings,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!process.argv.includes("--no-build")) {
    const started = performance.now();
    await run(spawn(process.execPath, [nextBin, "build"], { cwd: here, env, stdio: "inherit" }));
    log(`next build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const kinde = await startFakeKinde();
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: here,
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...env,
        KINDE_DOMAIN: kinde.url,
        KINDE_MANAGEMENT_CLIENT_ID: kinde.fake.clientId,
        KINDE_MANAGEMENT_CLIENT_SECRET: kinde.fake.clientSecret,
        KINDE_KEYS_AI_RATE_LIMIT: "3",
      },
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health`);
    return await check(base, cases(kinde));
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    await kinde.close();
  }
}

/** The cases, in order; keys are added to the fake as it would hold them. */
function cases({ fake }: RunningFakeKinde): Case[] {
  const add = (seed: Parameters<typeof fake.addKey>[0]) =>
    fake.addKey({ scopes: ALL_SCOPES, ...seed }).key;
  const acme = add({ orgCode: "org_acme" });
  const alice = add({ userId: "kp_alice" });
  const limited = add({ orgCode: "org_globex" });
  return [
    { name: "org key, /ai/support", method: "POST", path: "/ai/support", key: acme, status: 200 },
    {
      name: "user key, /ai/analytics",
      method: "POST",
      path: "/ai/analytics",
      key: alice,
      status: 200,
    },
    { name: "org key, GET /ai/chat", method: "GET", path: "/ai/chat", key: acme, status: 200 },
    { name: "org key, POST /ai/chat", method: "POST", path: "/ai/chat", key: acme, status: 200 },
    { name: "no key", method: "POST", path: "/ai/process", status: 401, code: "MISSING_KEY" },
    {
      name: "unknown key",
      method: "POST",
      path: "/ai/process",
      key: "k_live_ffffffffffffffffffffffffffffffff",
      status: 401,
      code: "INVALID_KEY",
    },
    {
      name: "revoked key",
      method: "POST",
      path: "/ai/workflow",
      key: add({ orgCode: "org_acme", status: "revoked" }),
      status: 401,
      code: "KEY_REVOKED",
    },
    {
      name: "narrow scope",
      method: "POST",
      path: "/ai/process",
      key: add({ orgCode: "org_acme", scopes: ["read:ai_support"] }),
      status: 403,
      code: "INSUFFICIENT_SCOPE",
    },
    {
      name: "environment key",
      method: "POST",
      path: "/ai/support",
      key: add({}),
      status: 403,
      code: "OWNER_NOT_ALLOWED",
    },
    { name: "limit 3: 1st", method: "POST", path: "/ai/workflow", key: limited, status: 200 },
    { name: "limit 3: 2nd", method: "POST", path: "/ai/process", key: limited, status: 200 },
    { name: "limit 3: 3rd", method: "POST", path: "/ai/support", key: limited, status: 200 },
    {
      name: "limit 3: 4th",
      method: "POST",
      path: "/ai/analytics",
      key: limited,
      status: 429,
      code: "RATE_LIMITED",
    },
    {
      name: "Kinde down",
      method: "POST",
      path: "/ai/support",
      key: add({ orgCode: "org_acme" }),
      status: 503,
      code: "VERIFICATION_UNAVAILABLE",
      before: () => fake.inject({ endpoint: "verify", type: "status", status: 503 }),
    },
  ];
}

/** Sends every case, prints a table, and answers the number of mismatches as an exit code. */
async function check(base: string, list: Case[]): Promise<number> {
  let failures = 0;
  log("\n| case | request | status | code | owner |\n|---|---|---|---|---|");
  for (const item of list) {
    item.before?.();
    const response = await fetch(`${base}${item.path}`, {
      method: item.method,
      headers: {
        ...(item.key && { authorization: `Bearer ${item.key}` }),
        ...(item.method === "POST" && { "content-type": "application/json" }),
      },
      body: item.method === "POST" ? JSON.stringify({ prompt: "Summarise, please." }) : undefined,
    });
    const body = (await response.json()) as { code?: string; owner?: string };
    const ok = response.status === item.status && body.code === item.code;
    if (!ok) failures += 1;
    const shown = `${response.status}${ok ? "" : ` (expected ${item.status} ${item.code ?? ""})`}`;
    log(
      `| ${item.name} | ${item.method} ${item.path} | ${shown} | ${body.code ?? ""} | ${body.owner ?? ""} |`,
    );
  }
  log(failures === 0 ? "\nall answers as expected" : `\n${failures} unexpected answer(s)`);
  return failures === 0 ? 0 : 1;
}

function run(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit code ${code}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

process.exitCode = await main();
