import { defineConfig } from "vitest/config";

// Timing-sensitive files run alone, one after the other, after everything else: the fault matrix
// measures answer times against a bound, and the soak would otherwise eat the CPU they need.
const alone = ["src/fault-matrix.test.ts", "src/soak.test.ts"];

export default defineConfig({
  test: {
    // The soak reads the heap after a forced collection.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "reliability", include: ["src/**/*.test.ts"], exclude: alone },
      },
      ...alone.map((file, i) => ({
        extends: true as const,
        test: {
          name: file.replace(/^src\/|\.test\.ts$/g, ""),
          include: [file],
          sequence: { groupOrder: i + 1 },
        },
      })),
    ],
  },
});
