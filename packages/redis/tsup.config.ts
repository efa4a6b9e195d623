import { defineConfig } from "tsup";

// ioredis is a peer dependency and rate-limiter-flexible a dependency: both stay external, so the
// user's one ioredis client class is the one the stores talk to.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  target: "node22",
  sourcemap: true,
  dts: true,
  clean: true,
  external: ["ioredis", "rate-limiter-flexible", "@acme/kinde-keys-core"],
});
