import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, exitOf, runCli, startCli, waitForOutput } from "./test-helpers.ts";

const SEEDED_KEY = "k_live_5eed5eed5eed5eed5eed5eed5eed5eed";
let dir: string;
let seedFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kinde-keys-cli-"));
  seedFile = join(dir, "keys.json");
  await writeFile(
    seedFile,
    JSON.stringify({ keys: [{ key: SEEDED_KEY, orgCode: "org_seed", scopes: ["read:reports"] }] }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function token(url: string, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      audience: `${url}/api`,
    }),
  });
}

describe("fake-server", () => {
  it("serves a seeded fake Kinde and prints the env lines, until SIGTERM", async () => {
    const child = startCli(["fake-server", "--seed", seedFile]);
    try {
      const output = await waitForOutput(child, /KINDE_MANAGEMENT_CLIENT_SECRET=.*\n/);
      const url = /^KINDE_DOMAIN=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1] ?? "";
      expect(output).toContain(`Fake Kinde listening on ${url} (1 seeded keys)`);
      expect(output).toMatch(/^KINDE_MANAGEMENT_CLIENT_ID=fake-client-id$/m);
      expect(output).not.toContain(SEEDED_KEY);

      const answer = await token(url, "fake-client-id", "fake-client-secret");
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ access_token: expect.any(String) });

      const verify = await runCli(["verify", "-"], {
        input: SEEDED_KEY,
        env: cliEnv({
          KINDE_DOMAIN: url,
          KINDE_MANAGEMENT_CLIENT_ID: "fake-client-id",
          KINDE_MANAGEMENT_CLIENT_SECRET: "fake-client-secret",
        }),
      });
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^owner +organization org_seed$/m);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exitOf(child)).toBe(0);
  });

  it("prints one JSON line with --json and takes its own credentials", async () => {
    const child = startCli([
      "fake-server",
      "--json",
      "--port",
      "0",
      "--client-id",
      "local-id",
      "--client-secret",
      "local-secret",
    ]);
    try {
      const line = await waitForOutput(child, /\n/);
      const info = JSON.parse(line) as { url: string; clientId: string; clientSecret: string };
      expect(info).toMatchObject({ clientId: "local-id", clientSecret: "local-secret", keys: 0 });
      expect((await token(info.url, "local-id", "local-secret")).status).toBe(200);
      expect((await token(info.url, "fake-client-id", "fake-client-secret")).status).toBe(401);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exitOf(child)).toBe(0);
  });

  it("exits 2 for a seed file it cannot use", async () => {
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify([{ key: SEEDED_KEY, scopes: "read:reports" }]));
    const run = await runCli(["fake-server", "--seed", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^kinde-keys: CONFIG_INVALID: --seed .*scopes must be an array of strings\.\n$/,
    );

    const missing = await runCli(["fake-server", "--seed", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^kinde-keys: CONFIG_INVALID: /);
  });
});
