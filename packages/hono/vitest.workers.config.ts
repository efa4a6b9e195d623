import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";

const HASH_RESOLUTION = "virtual:hash-resolution";

/**
 * Records what core's `#hash` import resolves to under the Workers conditions, exposed to tests as
 * `virtual:hash-resolution`. The test runner itself needs Node compatibility, so `node:crypto` loads
 * there either way: only the resolution shows that a Worker gets the Web Crypto build. It is resolved
 * explicitly rather than observed, because pre-bundled dependencies may never pass `#hash` to
 * plugins.
 */
function recordHashResolution(): Plugin {
  // Resolved from core's built entry, as a Worker bundle would, under this environment's conditions.
  const coreEntry = fileURLToPath(new URL("../core/dist/index.js", import.meta.url));
  return {
    name: "record-hash-resolution",
    enforce: "pre",
    resolveId(source) {
      return source === HASH_RESOLUTION ? `\0${HASH_RESOLUTION}` : null;
    },
    async load(id) {
      if (id !== `\0${HASH_RESOLUTION}`) return null;
      const result = await this.resolve("#hash", coreEntry);
      return `export default ${JSON.stringify(result ? [result.id] : [])};`;
    },
  };
}

// The same tests' Workers half: Hono and core inside workerd, with Kinde settings as bindings.
export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: "2026-10-01",
        bindings: {
          KINDE_DOMAIN: "fake-kinde.test",
          KINDE_MANAGEMENT_CLIENT_ID: "fake-client-id",
          KINDE_MANAGEMENT_CLIENT_SECRET: "fake-client-secret",
        },
      },
    }),
    recordHashResolution(),
  ],
  test: {
    include: ["src/**/*.workerd.test.ts"],
  },
});
