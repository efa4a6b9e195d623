/**
 * The commands about the setup and Kinde's documented ways of managing keys: `doctor`,
 * `create --scope <name>` and `rollover <id>`, run as a real process against a loopback fake.
 */
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runCli } from "./test-helpers.ts";

let kinde: RunningFakeKinde;
let narrow: RunningFakeKinde;

beforeAll(async () => {
  kinde = await startFakeKinde({ apis: { api_reports: ["read:reports", "write:reports"] } });
  narrow = await startFakeKinde({ clientScopes: ["create:api_keys"] });
});
afterAll(async () => {
  await kinde.close();
  await narrow.close();
});

function envOf(fake: RunningFakeKinde, secret = fake.fake.clientSecret): NodeJS.ProcessEnv {
  return cliEnv({
    KINDE_DOMAIN: fake.url,
    KINDE_MANAGEMENT_CLIENT_ID: fake.fake.clientId,
    KINDE_MANAGEMENT_CLIENT_SECRET: secret,
  });
}

describe("doctor", () => {
  it("prints a passing checklist and exits 0 for a healthy setup", async () => {
    const run = await runCli(["doctor", "--management", "--api-id", "api_reports"], {
      env: envOf(kinde),
    });
    expect(run.code).toBe(0);
    for (const name of [
      "domain",
      "reachable",
      "token",
      "verify",
      "management scopes",
      "api scopes",
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^✓ ${name} `, "m"));
    }
    expect(run.stdout).toContain("Kinde setup OK.");
  });

  it("prints what is wrong and what to do, and exits 2, for a wrong secret", async () => {
    const run = await runCli(["doctor"], { env: envOf(kinde, "not-the-secret") });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^✗ token +Kinde refused the M2M credentials \(401\)$/m);
    expect(run.stdout).toMatch(
      /→ check KINDE_MANAGEMENT_CLIENT_ID and KINDE_MANAGEMENT_CLIENT_SECRET/,
    );
    expect(run.stdout + run.stderr).not.toContain("not-the-secret");
  });

  it("names a missing read:api_keys, with --json too", async () => {
    const run = await runCli(["doctor", "--json"], { env: envOf(narrow) });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: { name: string; detail: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.name === "verify")?.detail).toContain(
      "read:api_keys",
    );
  });

  it("reports a configuration it cannot use as a failed check", async () => {
    const run = await runCli(["doctor"], { env: cliEnv({ KINDE_DOMAIN: kinde.url }) });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^✗ config +Missing M2M client id/m);
  });

  it("reports an unreachable Kinde", async () => {
    const closed = await startFakeKinde();
    await closed.close();
    const run = await runCli(["doctor"], { env: envOf(closed) });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^✗ reachable +no answer from http:\/\/127\.0\.0\.1:\d+/m);
  });
});

describe("create --scope and rollover", () => {
  it("creates with scope names, rolls the key over, and keeps the old key until revoked", async () => {
    const env = envOf(kinde);
    const created = await runCli(
      ["create", "--json", "--name", "ci", "--api-id", "api_reports", "--org", "org_1"].concat([
        "--scope",
        "read:reports",
        "--scope",
        "write:reports",
      ]),
      { env },
    );
    expect(created.code).toBe(0);
    const old = JSON.parse(created.stdout) as { id: string; key: string };
    expect(kinde.fake.getKey(old.id)?.scopes).toEqual(["read:reports", "write:reports"]);

    const rolled = await runCli(["rollover", old.id], { env });
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toMatch(new RegExp(`^oldId +${old.id}$`, "m"));
    expect(rolled.stderr).toContain(`The old key ${old.id} stays active`);
    const newId = /^id +(\S+)$/m.exec(rolled.stdout)?.[1] ?? "";
    expect(kinde.fake.getKey(newId)).toMatchObject({
      apiId: "api_reports",
      orgCode: "org_1",
      scopes: ["read:reports", "write:reports"],
    });
    expect((await runCli(["verify", old.key], { env })).code).toBe(0);
  });

  it("says rollover needs read:api_scopes when the application lacks it", async () => {
    const noScopes = await startFakeKinde({ clientScopes: ["read:api_keys", "create:api_keys"] });
    try {
      const { id } = noScopes.fake.addKey({ orgCode: "org_1", scopes: ["read:x"] });
      const run = await runCli(["rollover", id], { env: envOf(noScopes) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^kinde-keys: KINDE_AUTH_FAILED: .*read:api_scopes.*rollover/);
      expect(noScopes.fake.calls.create).toBe(0);
    } finally {
      await noScopes.close();
    }
  });
});
