/**
 * The minimum TypeScript the READMEs state (5.4, for `NoInfer`) and the newest release on the
 * registry both compile a consumer project: the root README's first example (with its scope
 * declaration) and this package's type tests, our `.d.ts` files included (`skipLibCheck: false`).
 * A scope typo must fail to compile on both. Both compilers are devDependencies under npm aliases.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CONSUMER_OPTIONS } from "./consumer-options.ts";

const run = promisify(execFile);
const here = fileURLToPath(new URL("../", import.meta.url));
const blocks = join(here, ".blocks");
const example = readFileSync(join(blocks, "root-1.ts"), "utf8");

/** Runs one compiler on a project; its exit code and output. */
async function tsc(version: string, project: string): Promise<{ code: number; output: string }> {
  const bin = join(here, `node_modules/typescript-${version}/bin/tsc`);
  try {
    const { stdout } = await run(process.execPath, [bin, "-p", project], { cwd: here });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

/** A consumer project of one file, strict, checking every `.d.ts` it loads. */
function project(name: string, source: string): string {
  const dir = mkdtempSync(join(blocks, `${name}-`));
  writeFileSync(join(dir, "index.ts"), source);
  // Every `.d.ts` it loads is checked, ours included.
  const compilerOptions = { ...CONSUMER_OPTIONS, skipLibCheck: false };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, files: ["index.ts"] }),
  );
  return join(dir, "tsconfig.json");
}

describe.each(["oldest", "latest"])("TypeScript %s", (version) => {
  it("compiles the README's first example, and not with a scope typo", {
    timeout: 60_000,
  }, async () => {
    const good = await tsc(version, project(`ok-${version}`, example));
    expect(good.output).toBe("");
    expect(good.code).toBe(0);
    const typo = example.replace(
      'requireScopes("read:ai_chats")',
      'requireScopes("read:ai_chtas")',
    );
    expect(typo).not.toBe(example);
    const bad = await tsc(version, project(`typo-${version}`, typo));
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(
      /error TS2345: Argument of type '"read:ai_chtas"' is not assignable to parameter of type '"read:ai_chats" \| "write:ai_chat"'/,
    );
  });

  it("compiles the declared and undeclared type tests", { timeout: 60_000 }, async () => {
    for (const folder of ["declared", "undeclared"]) {
      const result = await tsc(version, join(here, "types", folder, "tsconfig.json"));
      expect(result.output, folder).toBe("");
    }
  });
});

it("the pinned compilers are the oldest supported and a 7.x release", () => {
  const versionOf = (name: string) =>
    (
      JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
  expect(versionOf("typescript-oldest")).toMatch(/^5\.4\./);
  expect(Number(versionOf("typescript-latest").split(".")[0])).toBeGreaterThanOrEqual(7);
});
