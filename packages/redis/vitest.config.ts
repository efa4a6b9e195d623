import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // One real redis-server for the whole run, on a free loopback port.
    globalSetup: ["./test/redis-server.ts"],
    testTimeout: 15_000,
  },
});
