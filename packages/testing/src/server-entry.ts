/**
 * @module @acme/kinde-keys-testing/server
 * The fake Kinde on a loopback port (`startFakeKinde`), without MSW: for a CLI, another process or
 * another runtime. Installs and imports nothing from MSW, which the main entry's `fake.handlers`
 * need.
 */

export { FakeConnectionResetError, isFakeConnectionResetError } from "./errors.ts";
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
