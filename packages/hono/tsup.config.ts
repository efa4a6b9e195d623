import { defineConfig } from "tsup";

// Core and Hono stay external: core is a dependency and Hono a peer, so the app's install
// provides one copy of each.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  target: "es2022",
  sourcemap: true,
  dts: true,
  clean: true,
});
