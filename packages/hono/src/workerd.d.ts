// Modules that exist only in the workerd test run (vitest.workers.config.ts).
declare module "cloudflare:workers" {
  /** The Worker's bindings: here the `KINDE_*` settings of the test configuration. */
  export const env: Record<string, unknown>;
}

declare module "virtual:hash-resolution" {
  /** Every file core's `#hash` import resolved to. */
  const resolved: readonly string[];
  export default resolved;
}
