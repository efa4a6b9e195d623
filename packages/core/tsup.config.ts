import { defineConfig, type Options } from "tsup";

// Two builds: ESM keeps `ky` external (it is ESM-only and users' bundlers dedupe it); CJS must bundle
// it, or `require()` users get `import_ky.default.create is not a function`.
// `#hash` stays external in both so the consumer's resolver picks node:crypto or Web Crypto through
// the package.json `imports` conditions.
const shared = {
  entry: {
    index: "src/index.ts",
    adapter: "src/adapter/index.ts",
    "hash.node": "src/hash.node.ts",
    "hash.web": "src/hash.web.ts",
  },
  target: "es2022",
  sourcemap: true,
  dts: true,
  external: ["#hash"],
  // Entry points share one copy of the client in both formats, so state and error classes are one.
  splitting: true,
} satisfies Options;

export default defineConfig([
  { ...shared, format: "esm", clean: true },
  { ...shared, format: "cjs", noExternal: ["ky"] },
]);
