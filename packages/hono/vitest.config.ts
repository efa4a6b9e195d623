import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The shared conformance suite runs property tests over real sockets: seconds on a busy machine.
    testTimeout: 20_000,
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.workerd.test.ts"],
    typecheck: { include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
