import { defineConfig } from "vitest/config";

export default defineConfig({
  // The conformance suite runs property tests over real sockets: seconds on a busy machine.
  test: { include: ["src/**/*.test.ts"], testTimeout: 20_000 },
});
