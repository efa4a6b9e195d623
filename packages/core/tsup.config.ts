import { defineConfig, type Options } from "tsup";

// One entry per public part: the client and its checks (`.`), `./ai` and `./management`, so an
// app bundles only the parts it imports. Code the parts share (errors, the client's internals) goes
// into shared chunks, in CJS too (`splitting`), so `instanceof KindeKeysError` holds whichever
// entry threw.
// Two builds: ESM keeps `ky` external (it is ESM-only and users' bundlers dedupe it); CJS must bundle
// it, or `require()` users get `import_ky.default.create is not a function`.
// `#hash` stays external in both so the consumer's resolver picks node:crypto or Web Crypto through
// the package.json `imports` conditions.
const shared = {
  entry: {
    index: "src/index.ts",
    ai: "src/ai/index.ts",
    management: "src/management/index.ts",
    adapter: "src/adapter/index.ts",
    app: "src/app.ts",
    "hash.node": "src/hash.node.ts",
    "hash.web": "src/hash.web.ts",
  },
  target: "es2022",
  sourcemap: true,
  // `@internal` members (the second constructor path of `AIApplication`) stay out of the types.
  dts: { compilerOptions: { stripInternal: true } },
  splitting: true,
  external: ["#hash"],
} satisfies Options;

export default defineConfig([
  { ...shared, format: "esm", clean: true },
  { ...shared, format: "cjs", noExternal: ["ky"] },
]);
