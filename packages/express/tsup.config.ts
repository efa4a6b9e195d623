import { defineConfig } from "tsup";

// Core and Express stay external: core is a dependency and Express a peer, so the app's install
// provides one copy of each.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  target: "node22",
  sourcemap: true,
  dts: true,
  clean: true,
});
