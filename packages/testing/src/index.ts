/**
 * @module
 * A stateful fake of Kinde's API-key endpoints for tests: the M2M token endpoint, verify and the
 * management calls, as a Fetch handler (`fake.fetch`), MSW handlers (`fake.handlers`) and a loopback
 * HTTP server (`startFakeKinde`).
 */

export { FakeConnectionResetError, isFakeConnectionResetError } from "./errors";
export type { FakeKinde, FakeKindeCalls, FakeKindeOptions } from "./fake-kinde";
export { createFakeKinde } from "./fake-kinde";
export type { FakeFault, FakeFaultEndpoint } from "./faults";
export type {
  FakeKeyRecord,
  FakeKeySeed,
  FakeKeyStatus,
  FakeKeyType,
  IssuedKey,
} from "./keys-store";
export type { RunningFakeKinde, StartFakeKindeOptions } from "./server";
export { startFakeKinde } from "./server";
export type { UnknownKeyAnswer } from "./verify-endpoint";
