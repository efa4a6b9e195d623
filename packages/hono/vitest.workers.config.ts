import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";

const HASH_RESOLUTION = "virtual:hash-resolution";

/**
 * Records what core's `#hash` import resolves to under the Workers conditions, exposed to tests as
 * `virtual:hash-resolution`. The test runner itself needs Node compatibility, so `node:crypto` loads
 * there either way: only the resolution shows that a Worker gets the Web Crypto build.
 */
function recordHashResolution(): Plugin {
  const resolved = new Set<string>();
  return {
    name: "record-hash-resolution",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source === HASH_RESOLUTION) return `\0${HASH_RESOLUTION}`;
      if (source !== "#hash") return null;
      const result = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (result) resolved.add(result.id);
      return result;
    },
    load(id) {
      if (id === `\0${HASH_RESOLUTION}`) return `export default ${JSON.stringify([...resolved])};`;
      return null;
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
