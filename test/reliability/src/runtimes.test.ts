/**
 * The runtime matrix: the BUILT packages (core + the Hono adapter), imported by package name, verify
 * keys against the fake Kinde on loopback under Node 24, Node 22, Bun and Deno, and give the same
 * answers everywhere. Node 22 is the oldest Node `engines` allows, so CI must have it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const script = fileURLToPath(new URL("./runtime-smoke.mjs", import.meta.url));
const bin = (name: string) =>
  fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));

// Only from the environment (`.ci/run` sets it; turbo passes it through): a guessed path would let
// the leg pass on one machine and vanish on another.
const node22 = process.env.KINDE_KEYS_NODE22;

interface Runtime {
  readonly name: string;
  readonly command: string | undefined;
  readonly args: readonly string[];
}

const runtimes: Runtime[] = [
  { name: "node 24", command: process.execPath, args: [script] },
  { name: "node 22", command: node22, args: [script] },
  { name: "bun", command: bin("bun"), args: [script] },
  { name: "deno", command: bin("deno"), args: ["run", "-A", "--node-modules-dir=manual", script] },
];

const UNKNOWN_KEY = "k_live_00000000000000000000000000000000";
let kinde: RunningFakeKinde;
let validKey: string;
let keyId: string;
const results: Record<string, unknown>[] = [];

beforeAll(async () => {
  kinde = await startFakeKinde();
  ({ key: validKey, id: keyId } = kinde.fake.addKey({
    orgCode: "org_smoke",
    scopes: ["read:smoke"],
  }));
});

afterAll(async () => {
  await kinde.close();
  if (results.length > 0) {
    console.log(
      [
        "runtime matrix:",
        ...results.map((r) => `  ${String(r.runtime).padEnd(14)} ${JSON.stringify(r.hono)}`),
      ].join("\n"),
    );
  }
});

describe("runtime matrix (built packages, fake Kinde over HTTP)", () => {
  it("has Node 22 on CI", () => {
    if (process.env.CI)
      expect(node22, "KINDE_KEYS_NODE22 must point at a Node 22 binary on CI").toBeTruthy();
  });

  for (const runtime of runtimes) {
    it.skipIf(!runtime.command || !existsSync(runtime.command))(
      `${runtime.name}: verifies and serves`,
      async () => {
        const { stdout } = await run(runtime.command as string, [...runtime.args], {
          cwd: here,
          timeout: 30_000,
          env: {
            ...process.env,
            NO_COLOR: "1",
            KINDE_SMOKE_URL: kinde.url,
            KINDE_SMOKE_CLIENT_ID: kinde.fake.clientId,
            KINDE_SMOKE_CLIENT_SECRET: kinde.fake.clientSecret,
            KINDE_SMOKE_VALID_KEY: validKey,
            KINDE_SMOKE_UNKNOWN_KEY: UNKNOWN_KEY,
          },
        });
        const output = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Record<
          string,
          unknown
        >;
        results.push(output);
        expect(output).toMatchObject({
          valid: { valid: true, keyId, owner: { type: "organization", orgCode: "org_smoke" } },
          invalid: { valid: false, reason: "invalid" },
          hono: {
            valid: { status: 200, code: null, keyId },
            unknown: { status: 401, code: "INVALID_KEY", keyId: null },
            missing: { status: 401, code: "MISSING_KEY", keyId: null },
          },
          handled: 1,
          unreachable: "KINDE_UNAVAILABLE",
          redacted: `k_live_…${validKey.slice(-4)}`,
        });
        if (runtime.name.startsWith("node 22")) expect(output.runtime).toMatch(/^node 22\./);
      },
    );
  }
});
