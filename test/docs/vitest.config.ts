import { defineConfig } from "vitest/config";

// The README blocks that are tests run beside this package's own tests.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", ".blocks/**/*.test.ts"],
    testTimeout: 30_000,
    // Each file runs compilers or npm: one at a time, so this package never crowds the machine.
    fileParallelism: false,
  },
});
