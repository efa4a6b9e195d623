import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `#hash` is a package.json `imports` entry that points at the built files; tests run the sources,
// so each project maps it to the implementation its runtime's resolver would pick.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { "#hash": source("./src/hash.node.ts") } },
        test: {
          name: "node",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          // Property tests (hundreds of runs through the fake Kinde) take seconds on a busy 2-core
          // machine; a hang still fails, later. Speed is measured in `pnpm bench`, not here.
          testTimeout: 20_000,
          exclude: ["src/**/*.edge.test.ts"],
          // Enabled here: the `--typecheck` flag alone does not switch it on inside a project.
          typecheck: {
            enabled: true,
            include: ["src/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        // Edge runtimes (Workers, Vercel Edge) resolve `#hash` through the Web default condition.
        resolve: { alias: { "#hash": source("./src/hash.web.ts") } },
        test: {
          name: "edge",
          environment: "edge-runtime",
          include: ["src/**/*.edge.test.ts"],
          typecheck: { enabled: false },
        },
      },
    ],
  },
});
