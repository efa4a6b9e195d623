/**
 * @module support/kinde
 * The fake Kinde wired to clients under test. In-process clients reach the fake through its Fetch
 * handler (no sockets, no global patching), so hundreds of property runs stay fast; the fault matrix
 * and the soak use the loopback server instead.
 */
import { createKindeKeys, type KindeKeys, type KindeKeysConfig } from "@acme/kinde-keys-core";
import type { FakeFault, FakeKinde } from "@acme/kinde-keys-testing";

/** A fault without its endpoint, kept per variant (a plain `Omit` would merge the union). */
export type FaultSpec = FakeFault extends infer F
  ? F extends unknown
    ? Omit<F, "endpoint">
    : never
  : never;

/**
 * A client of `fake` with short timeouts, so a fault costs milliseconds, not seconds. It keeps the
 * default cache, as apps run it, so the properties hold on the cached path too; `config` may turn it
 * off.
 */
export function clientOf(fake: FakeKinde, config: KindeKeysConfig = {}): KindeKeys {
  return createKindeKeys(
    fake.clientConfig({
      fetch: fake.fetch,
      cache: {},
      timeoutMs: 200,
      totalTimeoutMs: 500,
      retry: { limit: 1, maxDelayMs: 50 },
      env: {},
      ...config,
    }),
  );
}
