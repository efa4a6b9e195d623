import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, cliEnv, runCli } from "./test-helpers.ts";

let kinde: RunningFakeKinde;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  kinde = await startFakeKinde();
  env = cliEnv({
    KINDE_DOMAIN: kinde.url,
    KINDE_MANAGEMENT_CLIENT_ID: kinde.fake.clientId,
    KINDE_MANAGEMENT_CLIENT_SECRET: kinde.fake.clientSecret,
  });
});
afterAll(() => kinde.close());

const cli = (args: string[], input?: string) => runCli(args, { env, input });

/** Every command the CLI offers. */
const COMMANDS = [
  "verify",
  "create",
  "list",
  "get",
  "rotate",
  "rollover",
  "revoke",
  "doctor",
  "invalidate",
  "fake-server",
];

function json<T = Record<string, unknown>>(run: CliRun): T {
  return JSON.parse(run.stdout) as T;
}

/** A failure is exactly one stderr line naming its code. */
function expectErrorLine(run: CliRun, code: string): void {
  expect(run.stderr).toMatch(new RegExp(`^kinde-keys: ${code}: [^\\n]+\\n$`));
}

describe("--help", () => {
  it("lists every command and the environment variables", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) {
      expect(run.stdout).toContain(`  ${command}`);
    }
    expect(run.stdout).toContain("KINDE_MANAGEMENT_CLIENT_SECRET");
  });

  it.each(COMMANDS)("is there for %s", async (command) => {
    const run = await cli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: kinde-keys ${command}`);
    expect(run.stdout).toContain("--json");
  });
});

describe("usage and configuration errors exit 2", () => {
  it("an unknown command", async () => {
    const run = await cli(["frobnicate"]);
    expect(run.code).toBe(2);
    expectErrorLine(run, "USAGE");
  });

  it("a missing argument", async () => {
    const run = await cli(["get"]);
    expect(run.code).toBe(2);
    expectErrorLine(run, "USAGE");
  });

  it("no domain configured", async () => {
    const run = await runCli(["list"], { env: cliEnv() });
    expect(run.code).toBe(2);
    expectErrorLine(run, "CONFIG_INVALID");
  });

  it("Kinde unreachable", async () => {
    const down = await startFakeKinde();
    await down.close();
    const run = await runCli(["verify", "k_live_0123456789abcdef0123456789abcdef"], {
      env: { ...env, KINDE_DOMAIN: down.url },
    });
    expect(run.code).toBe(2);
    expectErrorLine(run, "KINDE_UNAVAILABLE");
    expect(run.stderr).not.toContain("0123456789abcdef0123456789abcdef");
  });

  it("wrong M2M credentials, read from the KINDE_M2M_* names", async () => {
    const run = await runCli(["list"], {
      env: cliEnv({
        KINDE_DOMAIN: kinde.url,
        KINDE_M2M_CLIENT_ID: kinde.fake.clientId,
        KINDE_M2M_CLIENT_SECRET: "wrong",
      }),
    });
    expect(run.code).toBe(2);
    expectErrorLine(run, "KINDE_AUTH_FAILED");
    expect(run.stderr).not.toContain("wrong");
  });

  it("a missing M2M scope", async () => {
    const readOnly = await startFakeKinde({ clientScopes: ["read:api_keys"] });
    try {
      const run = await runCli(["create", "--name", "x", "--api-id", "api_1", "--org", "org_1"], {
        env: { ...env, KINDE_DOMAIN: readOnly.url },
      });
      expect(run.code).toBe(2);
      expectErrorLine(run, "KINDE_AUTH_FAILED");
      expect(run.stderr).toContain("create:api_keys");
      expect(readOnly.fake.calls.create).toBe(1);
    } finally {
      await readOnly.close();
    }
  });

  it("--domain overrides KINDE_DOMAIN", async () => {
    const run = await runCli(["--domain", kinde.url, "list", "--org", "org_none"], {
      env: { ...env, KINDE_DOMAIN: "http://127.0.0.1:1" },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("No API keys.\n");
  });
});

describe("verify", () => {
  it("exits 0 for a valid key and prints only its redacted form", async () => {
    const { id, key } = kinde.fake.addKey({ orgCode: "org_verify", scopes: ["read:reports"] });
    const run = await cli(["verify", key]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^valid +k_live_…[0-9a-f]{4}$/m);
    expect(run.stdout).toMatch(new RegExp(`^key id +${id}$`, "m"));
    expect(run.stdout).toMatch(/^owner +organization org_verify$/m);
    expect(run.stdout).toMatch(/^scopes +read:reports$/m);
    expect(run.stdout + run.stderr).not.toContain(key);
  });

  it("prints JSON with --json", async () => {
    const { id, key } = kinde.fake.addKey({ userId: "kp_json" });
    const run = await cli(["--json", "verify", key]);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({
      valid: true,
      keyHint: `k_live_…${key.slice(-4)}`,
      key: { keyId: id, owner: { type: "user", userId: "kp_json" }, userId: "kp_json" },
    });
    expect(run.stdout).not.toContain(key);
  });

  it("reads the key from stdin when it is omitted or -", async () => {
    const { key } = kinde.fake.addKey();
    for (const args of [["verify"], ["verify", "-"]]) {
      const run = await cli(args, `${key}\n`);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^owner +environment$/m);
      expect(run.stdout).not.toContain(key);
    }
  });

  it("exits 1 for an unknown, a revoked and a malformed key", async () => {
    const unknown = await cli(["--json", "verify", "k_live_ffffffffffffffffffffffffffffffff"]);
    expect(unknown.code).toBe(1);
    expect(json(unknown)).toEqual({
      valid: false,
      reason: "invalid",
      keyHint: "k_live_…ffff",
    });

    const { id, key } = kinde.fake.addKey();
    kinde.fake.revokeKey(id);
    const revoked = await cli(["verify", key]);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toMatch(/^reason +revoked$/m);
    expect(revoked.stdout).not.toContain(key);

    const malformed = await cli(["--json", "verify"], "not a key");
    expect(malformed.code).toBe(1);
    expect(json(malformed)).toMatchObject({ valid: false, reason: "malformed" });
  });

  it("exits 2 when stdin holds no key", async () => {
    const run = await cli(["verify"], "");
    expect(run.code).toBe(2);
    expectErrorLine(run, "USAGE");
  });
});

describe("create", () => {
  it("creates an organization key, printing its secret once, and the key verifies", async () => {
    const run = await cli([
      "create",
      "--name",
      "CI",
      "--api-id",
      "api_cli",
      "--scope-id",
      "read:reports",
      "--scope-id",
      "write:reports",
      "--org",
      "org_create",
    ]);
    expect(run.code).toBe(0);
    const id = /^id +(\S+)$/m.exec(run.stdout)?.[1] ?? "";
    const key = /^key +(\S+)$/m.exec(run.stdout)?.[1] ?? "";
    expect(kinde.fake.getKey(id)).toMatchObject({
      name: "CI",
      type: "organization",
      orgCode: "org_create",
      apiId: "api_cli",
      scopes: ["read:reports", "write:reports"],
    });
    expect(run.stderr).toContain("only this once");
    expect((await cli(["verify", key])).code).toBe(0);
  });

  it("creates user and environment keys with --json", async () => {
    const user = await cli(["--json", "create", "--name", "u", "--api-id", "a", "--user", "kp_9"]);
    expect(user.code).toBe(0);
    const created = json<{ id: string; key: string }>(user);
    expect(Object.keys(created).sort()).toEqual(["id", "key"]);
    expect(kinde.fake.getKey(created.id)).toMatchObject({ type: "user", userId: "kp_9" });

    const environment = await cli([
      "create",
      "--json",
      "--name",
      "e",
      "--api-id",
      "a",
      "--environment",
    ]);
    expect(environment.code).toBe(0);
    expect(kinde.fake.getKey(json<{ id: string }>(environment).id)).toMatchObject({
      type: "environment",
    });
  });

  it("needs exactly one owner", async () => {
    const none = await cli(["create", "--name", "x", "--api-id", "a"]);
    expect(none.code).toBe(2);
    expectErrorLine(none, "USAGE");
    const two = await cli(["create", "--name", "x", "--api-id", "a", "--org", "o", "--user", "u"]);
    expect(two.code).toBe(2);
    expectErrorLine(two, "USAGE");
  });
});

describe("list", () => {
  it("prints a table of keys without their secrets", async () => {
    const secrets: string[] = [];
    const ids: string[] = [];
    for (const name of ["alpha", "beta", "gamma"]) {
      const { id, key } = kinde.fake.addKey({ orgCode: "org_list", name, scopes: ["read:x"] });
      ids.push(id);
      secrets.push(key);
    }
    const run = await cli(["list", "--org", "org_list"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +NAME +TYPE +OWNER +STATUS +KEY +SCOPES +LAST VERIFIED$/);
    expect(lines).toHaveLength(4);
    ids.forEach((id, index) => {
      expect(lines[index + 1]).toMatch(
        new RegExp(
          `^${id} +${["alpha", "beta", "gamma"][index]} +organization +org_list +active +k_live…[0-9a-f]{4} +read:x +-$`,
        ),
      );
    });
    for (const secret of secrets) expect(run.stdout).not.toContain(secret);
  });

  it("pages through Kinde and prints JSON with --json", async () => {
    const ids = Array.from({ length: 5 }, () => kinde.fake.addKey({ userId: "kp_pages" }).id);
    const before = kinde.fake.calls.list;
    const run = await cli(["list", "--user", "kp_pages", "--page-size", "2", "--json"]);
    expect(run.code).toBe(0);
    expect(json<{ id: string; userId: string }[]>(run).map((key) => key.id)).toEqual(ids);
    expect(kinde.fake.calls.list - before).toBe(3);
  });

  it("filters by status and type, and stops at --limit", async () => {
    const active = kinde.fake.addKey({ orgCode: "org_filter" }).id;
    const revoked = kinde.fake.addKey({ orgCode: "org_filter", status: "revoked" }).id;
    const ids = async (...args: string[]) =>
      json<{ id: string }[]>(await cli(["--json", "list", "--org", "org_filter", ...args])).map(
        (key) => key.id,
      );
    expect(await ids("--status", "revoked")).toEqual([revoked]);
    expect(await ids("--type", "organization", "--limit", "1")).toEqual([active]);
    expect(await ids("--type", "user")).toEqual([]);
  });

  it("refuses a bad option value", async () => {
    const run = await cli(["list", "--status", "sleeping"]);
    expect(run.code).toBe(2);
    expectErrorLine(run, "USAGE");
  });
});

describe("get", () => {
  it("prints one key without its secret", async () => {
    const { id, key } = kinde.fake.addKey({
      name: "Reports",
      orgCode: "org_get",
      scopes: ["read:r"],
    });
    const human = await cli(["get", id]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^name +Reports$/m);
    expect(human.stdout).toMatch(/^status +active$/m);
    expect(human.stdout).toMatch(new RegExp(`^key +k_live…${key.slice(-4)}$`, "m"));
    expect(human.stdout).not.toContain(key);

    const machine = await cli(["get", id, "--json"]);
    expect(json(machine)).toMatchObject({ id, orgCode: "org_get", scopes: ["read:r"] });
    expect(machine.stdout).not.toContain(key);
  });

  it("exits 1 for an unknown id", async () => {
    const run = await cli(["get", "api_key_unknown"]);
    expect(run.code).toBe(1);
    expectErrorLine(run, "NOT_FOUND");
  });
});

describe("rotate", () => {
  it("prints a new secret; the old one stops verifying", async () => {
    const { id, key: old } = kinde.fake.addKey({ orgCode: "org_rotate" });
    const run = await cli(["rotate", id, "--json"]);
    expect(run.code).toBe(0);
    const rotated = json<{ id: string; key: string }>(run);
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(old);
    expect((await cli(["verify", old])).code).toBe(1);
    expect((await cli(["verify", rotated.key])).code).toBe(0);
  });

  it("exits 1 for an unknown id", async () => {
    const run = await cli(["rotate", "api_key_unknown"]);
    expect(run.code).toBe(1);
    expectErrorLine(run, "KINDE_BAD_RESPONSE");
  });
});

describe("revoke", () => {
  it("revokes the key: verify then exits 1 with reason revoked", async () => {
    const { id, key } = kinde.fake.addKey({ userId: "kp_revoke" });
    const run = await cli(["revoke", id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Revoked ${id}.\n`);
    const verify = await cli(["verify", "--json", key]);
    expect(verify.code).toBe(1);
    expect(json(verify)).toMatchObject({ valid: false, reason: "revoked" });
  });

  it("prints JSON and exits 1 for an unknown id", async () => {
    const { id } = kinde.fake.addKey();
    expect(json(await cli(["revoke", id, "--json"]))).toEqual({ id, revoked: true });
    const unknown = await cli(["revoke", "api_key_unknown"]);
    expect(unknown.code).toBe(1);
    expectErrorLine(unknown, "KINDE_BAD_RESPONSE");
  });
});
