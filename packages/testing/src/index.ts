/**
 * @module @acme/kinde-keys-testing
 * A stateful fake of Kinde's API-key endpoints for tests: the M2M token endpoint, verify and the
 * management calls, as a Fetch handler (`fake.fetch`), MSW handlers (`fake.handlers`) and a loopback
 * HTTP server (`startFakeKinde`).
 */

export type { FakeApiScope } from "./api-scopes.ts";
export type { FakeClientConfig } from "./client-config.ts";
export { FakeConnectionResetError, isFakeConnectionResetError } from "./errors.ts";
export type { FakeKinde } from "./fake-kinde.ts";
export { createFakeKinde } from "./fake-kinde.ts";
export type { FakeFault, FakeFaultEndpoint } from "./faults.ts";
export type {
  FakeKeyRecord,
  FakeKeySeed,
  FakeKeyStatus,
  FakeKeyType,
  IssuedKey,
} from "./keys-store.ts";
export type { RunningFakeKinde, StartFakeKindeOptions } from "./server.ts";
export { startFakeKinde } from "./server.ts";
export type { FakeKindeCalls, FakeKindeCore, FakeKindeOptions } from "./types.ts";
export type { UnknownKeyAnswer } from "./verify-endpoint.ts";
