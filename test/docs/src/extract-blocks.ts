/**
 * Writes every TypeScript code block of the repository's READMEs (root, packages, examples, docs)
 * to `.blocks/`, one module per block, so the tests can compile them against the built packages and
 * run the ones that are tests. A block is a whole module as a reader would paste it: no hidden
 * set-up is added. `.blocks/manifest.json` lists them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** One extracted block. */
export interface Block {
  /** The README it comes from, relative to the repository root, and the fence's line. */
  readonly source: string;
  readonly line: number;
  /** The file written, relative to `.blocks/`. */
  readonly file: string;
  /** It declares the app's scopes (`interface Register`), which holds for a whole compilation. */
  readonly declaresScopes: boolean;
  /** It imports vitest: a test to run, not only to compile. */
  readonly isTest: boolean;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
const out = fileURLToPath(new URL("../.blocks/", import.meta.url));

/** The Markdown files whose code is documentation users copy. */
export function readmes(): string[] {
  const found = ["README.md"];
  for (const folder of ["packages", "examples"]) {
    for (const name of readdirSync(join(root, folder)).sort()) {
      if (existsSync(join(root, folder, name, "README.md")))
        found.push(`${folder}/${name}/README.md`);
    }
  }
  if (existsSync(join(root, "docs"))) {
    for (const name of readdirSync(join(root, "docs"), { recursive: true }).map(String).sort()) {
      if (name.endsWith(".md")) found.push(`docs/${name}`);
    }
  }
  return found;
}

/** The ```ts and ```typescript blocks of one Markdown text, with the line of their fence. */
export function tsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] as string)) continue;
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++)
      code.push(lines[i] as string);
    blocks.push({ line: start + 1, code: code.join("\n") });
  }
  return blocks;
}

function main(): void {
  rmSync(out, { recursive: true, force: true });
  const manifest: Block[] = [];
  for (const source of readmes()) {
    const slug =
      source === "README.md"
        ? "root"
        : source
            .replace(/\/README\.md$/, "")
            .replace(/[^a-z0-9]+/gi, "-")
            .toLowerCase();
    tsBlocks(readFileSync(join(root, source), "utf8")).forEach(({ line, code }, index) => {
      const isTest = /from "vitest"/.test(code);
      const file = `${slug}-${index + 1}${isTest ? ".test" : ""}.ts`;
      // `export {}` makes a block without imports a module too, so blocks never share a scope.
      const text = `// ${source}:${line}\n${code}\nexport {};\n`;
      mkdirSync(dirname(join(out, file)), { recursive: true });
      writeFileSync(join(out, file), text);
      manifest.push({
        source,
        line,
        file,
        declaresScopes: /interface Register\b/.test(code),
        isTest,
      });
    });
  }
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${manifest.length} code blocks from ${relative(root, out)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
