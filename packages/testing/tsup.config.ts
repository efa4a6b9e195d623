import { defineConfig } from "tsup";

// msw stays external in both formats: it is an (optional) peer, so the user's install provides it, and
// bundling it would hand tests a second copy whose `HttpResponse` class differs from theirs.
export default defineConfig({
  entry: ["src/index.ts", "src/server-entry.ts"],
  format: ["esm", "cjs"],
  target: "node22",
  sourcemap: true,
  dts: true,
  clean: true,
  external: ["msw"],
  // Keep `node:http` as written: Deno, Bun and workers resolve the `node:` form, not always bare `http`.
  removeNodeProtocol: false,
});
