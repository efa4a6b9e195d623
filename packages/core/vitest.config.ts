import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "#hash": fileURLToPath(new URL("./src/hash.node.ts", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
