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

it("createKindeKeys for the edge stays within 20 KiB gzip", async () => {
  const result = await build({
    stdin: {
      contents: 'export { createKindeKeys } from "./dist/index.js";',
      resolveDir: root,
      loader: "js",
    },
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
  // The Web Crypto hash, never node:crypto, which edge runtimes lack.
  expect(inputs.filter((input) => /hash\.(web|node)/.test(input))).toEqual(["dist/hash.web.js"]);
  expect(inputs.some((input) => input.startsWith("node:"))).toBe(false);
  // zod/mini only: the full zod would add ~90 KiB.
  expect(inputs.some((input) => /zod\/v4\/classic\//.test(input))).toBe(false);
  // No ky: it is not tree-shakable (~8.4 KiB gzip), and the verify path has a transport of its own.
  // (ky's files are still read, for the `apiId` check of the main entry's pipeline, but none of
  // their code may reach the output.)
  const output = Object.values(result.metafile.outputs)[0];
  const kyBytes = Object.entries(output?.inputs ?? {})
    .filter(([input]) => /node_modules\/(\.pnpm\/)?ky[@/]/.test(input))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  expect(kyBytes).toBe(0);
  // The other parts stay out: they are only reachable through their own entry points.
  expect(inputs.filter((input) => /dist\/(ai|management)\.js$/.test(input))).toEqual([]);

  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(code, { level: 9 }).byteLength;
  const brotli = brotliCompressSync(code).byteLength;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.info(
    `edge bundle of createKindeKeys: ${kib(code.byteLength)} minified, ${kib(gzipped)} gzip (target ${kib(TARGET_BYTES)}), ${kib(brotli)} brotli`,
  );
  expect(gzipped).toBeLessThanOrEqual(TARGET_BYTES);
});
