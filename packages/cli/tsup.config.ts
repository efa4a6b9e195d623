import { defineConfig } from "tsup";

// ESM only: the bin runs on Node ≥ 22 and commander 15 is ESM-only. Dependencies stay external;
// the package's own install provides them.
export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm"],
  target: "node22",
  sourcemap: true,
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  // Keep `node:` specifiers as written.
  removeNodeProtocol: false,
});
