/**
 * Docs that run: every TypeScript block of the READMEs (extracted to `.blocks/` by
 * `extract-blocks.ts` before the tests) compiles with `tsc --strict` against the built packages, as
 * a reader would paste it. Blocks that declare the app's scopes (`interface Register`) get a
 * compilation each, since such a declaration holds for everything compiled with it. Blocks that
 * are tests also run, as tests of this package (see vitest.config.ts).
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CONSUMER_OPTIONS } from "./consumer-options.ts";
import type { Block } from "./extract-blocks.ts";

const run = promisify(execFile);
const here = fileURLToPath(new URL("../", import.meta.url));
const blocksDir = join(here, ".blocks");
const manifest = JSON.parse(readFileSync(join(blocksDir, "manifest.json"), "utf8")) as Block[];

/** Compiles `files` (relative to `.blocks/`) with the workspace's `tsc`; the output on failure. */
async function compile(name: string, files: readonly string[]): Promise<string> {
  const config = join(blocksDir, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: CONSUMER_OPTIONS, files }, null, 2));
  try {
    await run(join(here, "node_modules/.bin/tsc"), ["-p", config], { cwd: here });
    return "";
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return `${failure.stdout ?? ""}${failure.stderr ?? ""}` || failure.message;
  }
}

describe("README code blocks", () => {
  it("are found in the root, package and example READMEs", () => {
    const sources = new Set(manifest.map((block) => block.source));
    expect(manifest.length).toBeGreaterThanOrEqual(12);
    for (const source of ["README.md", "packages/core/README.md", "packages/testing/README.md"]) {
      expect(sources).toContain(source);
    }
  });

  it("compile with tsc --strict against the built packages", { timeout: 120_000 }, async () => {
    const shared = manifest.filter((block) => !block.declaresScopes).map((block) => block.file);
    const own = manifest.filter((block) => block.declaresScopes);
    // One compiler at a time: they are CPU-bound, and other packages' tests run beside these.
    let output = await compile("shared", shared);
    for (const block of own) output += await compile(block.file.replace(/\.ts$/, ""), [block.file]);
    expect(output).toBe("");
  });
});
