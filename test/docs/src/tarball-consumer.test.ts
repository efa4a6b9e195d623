/**
 * A fresh consumer project outside the workspace, installed with npm from packed tarballs as a
 * user would install from the registry: the root README's first example compiles with
 * `tsc --strict` and a scope typo does not; the CLI's install brings no MSW and its `fake-server`
 * runs. Needs the npm registry for the frameworks and their types.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = fileURLToPath(new URL("../", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "kinde-keys-consumer-"));
const tarballs = join(work, "tarballs");
const tsc = join(here, "node_modules/typescript-oldest/bin/tsc");
/** The workspace packages the consumer installs; the CLI needs core, testing and redis beside it. */
const PACKED = ["core", "express", "testing", "redis", "cli"];
const tarball = (name: string) => join(tarballs, `acme-kinde-keys-${name}-0.0.0.tgz`);

/**
 * One npm project for every case, installed once: npm resolves and fetches the registry's packages
 * a single time. What a case checks of the CLI (no MSW) holds for the whole tree, so sharing it
 * loses nothing. `--prefer-offline`: what npm's cache already holds is not fetched again.
 */
async function npmProject(packages: string[]): Promise<string> {
  const dir = join(work, "app");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true }));
  const flags = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
  await run("npm", ["install", ...flags, ...packages], { cwd: dir, timeout: 240_000 });
  return dir;
}

async function compile(dir: string, file: string): Promise<{ code: number; output: string }> {
  const args = ["--strict", "--noEmit", "--module", "nodenext", "--target", "es2022"];
  try {
    await run(process.execPath, [tsc, ...args, "--types", "node", file], { cwd: dir });
    return { code: 0, output: "" };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? 1, output: failure.stdout ?? "" };
  }
}

let dir = "";

beforeAll(async () => {
  mkdirSync(tarballs);
  await Promise.all(
    PACKED.map((name) =>
      run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, "packages", name) }),
    ),
  );
  dir = await npmProject([
    ...PACKED.map(tarball),
    "express@5",
    "@types/express@5",
    "@types/node@24",
  ]);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a consumer installed from tarballs with npm", () => {
  it("compiles the root README's first example, and not with a scope typo", {
    timeout: 60_000,
  }, async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(example).toContain("interface Register");
    writeFileSync(join(dir, "index.ts"), example);
    expect(await compile(dir, "index.ts")).toEqual({ code: 0, output: "" });
    writeFileSync(join(dir, "typo.ts"), example.replace('"read:ai_chats")', '"read:ai_chtas")'));
    const typo = await compile(dir, "typo.ts");
    expect(typo.code).not.toBe(0);
    expect(typo.output).toContain(
      `error TS2345: Argument of type '"read:ai_chtas"' is not assignable to parameter of type '"read:ai_chats" | "write:ai_chat"'.`,
    );
  });

  it("installs the CLI without MSW, and its fake-server runs", { timeout: 30_000 }, async () => {
    expect(existsSync(join(dir, "node_modules/msw"))).toBe(false);
    const child = spawn(
      process.execPath,
      [join(dir, "node_modules/.bin/kinde-keys"), "fake-server", "--port", "0"],
      {
        cwd: dir,
      },
    );
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += String(chunk);
          if (out.includes("KINDE_DOMAIN=")) resolve(out);
        });
        child.on("exit", (code) => reject(new Error(`fake-server exited ${code}: ${out}`)));
      });
      expect(printed).toMatch(/KINDE_DOMAIN=http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      child.kill();
    }
  });
});
