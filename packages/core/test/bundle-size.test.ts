/**
 * The edge bundle budget (DESIGN §2 "Edge bundle"): what a Workers or Vercel Edge app pays for
 * `createKindeKeys`, bundled from the built ESM file the way an edge bundler does (no `node`
 * condition, so `#hash` must resolve to Web Crypto), minified and gzipped. Run after the build.
 */
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

// DESIGN §2's target: the verify path within 20 KiB gzip. Key management (`/management`), AI (`/ai`)
// and the request pipeline (`authorize(kinde, …)`, a function of the client) stay out of this
// bundle, and so does ky: the token and verify calls go through core's own small fetch transport
// (`kinde/transport.ts`); ky serves the management calls and the doctor only.
const TARGET_BYTES = 20 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));
/** ky's files, wherever pnpm put them. */
const KY = /node_modules\/(\.pnpm\/)?ky[@/]/;

/** Bundles `contents` (imports of the built main entry) as an edge bundler does. */
async function edgeBundle(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    conditions: ["worker", "browser"],
    mainFields: ["module", "main"],
    // A consumer never sees this package's tsconfig (its `paths` maps `#hash` for the type checker).
    tsconfigRaw: {},
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const output = Object.values(result.metafile.outputs)[0];
  const bytesOf = (pattern: RegExp) =>
    Object.entries(output?.inputs ?? {})
      .filter(([input]) => pattern.test(input))
      .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { inputs, bytesOf, code, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

it("createKindeKeys for the edge stays within 20 KiB gzip", async () => {
  const { inputs, bytesOf, code, gzipped } = await edgeBundle(
    'export { createKindeKeys } from "./dist/index.js";',
  );
  // The Web Crypto hash, never node:crypto, which edge runtimes lack.
  expect(inputs.filter((input) => /hash\.(web|node)/.test(input))).toEqual(["dist/hash.web.js"]);
  expect(inputs.some((input) => input.startsWith("node:"))).toBe(false);
  // zod/mini only: the full zod would add ~90 KiB.
  expect(inputs.some((input) => /zod\/v4\/classic\//.test(input))).toBe(false);
  // No ky: it is not tree-shakable (~8.4 KiB gzip), and the verify path has a transport of its own.
  expect(bytesOf(KY)).toBe(0);
  // The other parts stay out: they are only reachable through their own entry points.
  expect(inputs.filter((input) => /dist\/(ai|management)\.js$/.test(input))).toEqual([]);

  const brotli = brotliCompressSync(code).byteLength;
  console.info(
    `edge bundle of createKindeKeys: ${kib(code.byteLength)} minified, ${kib(gzipped)} gzip (target ${kib(TARGET_BYTES)}), ${kib(brotli)} brotli`,
  );
  expect(gzipped).toBeLessThanOrEqual(TARGET_BYTES);
});

it("an edge app that runs the pipeline (authorize) does not bundle ky either", async () => {
  // The route option `apiId` reads a key from Kinde's management API, on the verify transport.
  const { bytesOf, gzipped } = await edgeBundle(
    'export { authorize, createKindeKeys } from "./dist/index.js";',
  );
  expect(bytesOf(KY)).toBe(0);
  console.info(`edge bundle of createKindeKeys + authorize: ${kib(gzipped)} gzip`);
  expect(gzipped).toBeLessThanOrEqual(TARGET_BYTES);
});
