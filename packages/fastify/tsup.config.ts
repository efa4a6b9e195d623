import { defineConfig } from "tsup";

// Core, Fastify and fastify-plugin stay external: core and fastify-plugin are dependencies and
// Fastify a peer, so the app's install provides one copy of each.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  target: "node22",
  sourcemap: true,
  dts: true,
  clean: true,
});
