import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const config: NextConfig = {
  // Core is loaded by Node as it is published, so its `node` export condition picks node:crypto.
  serverExternalPackages: ["@acme/kinde-keys-core"],
  // The workspace root: pnpm links the packages from there.
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
};

export default config;
