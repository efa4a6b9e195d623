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

/** A `fetch` that hands every request to the fake, as the network would. */
export function fetchVia(fake: FakeKinde): typeof fetch {
  return (input, init) => fake.fetch(new Request(input, init));
}

/** A client of `fake` with short timeouts, so a fault costs milliseconds, not seconds. */
export function clientOf(fake: FakeKinde, config: KindeKeysConfig = {}): KindeKeys {
  return createKindeKeys({
    domain: fake.origin,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    fetch: fetchVia(fake),
    timeoutMs: 200,
    totalTimeoutMs: 500,
    retry: { limit: 1, maxDelayMs: 50 },
    env: {},
    ...config,
  });
}
