/**
 * @module @acme/kinde-keys-testing
 * A stateful fake of Kinde's API-key endpoints for tests: the M2M token endpoint, verify and the
 * management calls, as a Fetch handler (`fake.fetch`), MSW handlers (`fake.handlers`) and a loopback
 * HTTP server (`startFakeKinde`). Everything of the MSW-free `/server` entry, plus the parts that
 * need MSW.
 */

export type { FakeApiScope } from "./api-scopes.ts";
export type { FakeClientConfig } from "./client-config.ts";
export type { FakeKinde } from "./fake-kinde.ts";
export { createFakeKinde } from "./fake-kinde.ts";
export * from "./server-entry.ts";
