import { defineConfig } from "tsup";

// `@opentelemetry/api` is a peer: the app's one copy holds the global tracer and meter providers.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  target: "node22",
  sourcemap: true,
  dts: true,
  clean: true,
  external: ["@opentelemetry/api", "@acme/kinde-keys-core"],
});
