/**
 * @module client-config
 * `fake.clientConfig()`: the settings of a kinde-keys client pointed at the fake, written once
 * instead of in every test. The cache is off by default: a test that revokes or rotates a key
 * expects the very next request to see it, and a cached verdict would hide the change for up to
 * 30 seconds. A test that is about the cache turns it on explicitly.
 */

/**
 * Settings for `createKindeKeys` (or an adapter's `kindeApiKey`) that reach a fake Kinde. Plain
 * data, so it also crosses a process boundary as JSON.
 */
export interface FakeClientConfig {
  /** The fake's origin, e.g. `"https://fake-kinde.test"` or a loopback server's URL. */
  readonly domain: string;
  /** The M2M client id the fake's token endpoint accepts. */
  readonly clientId: string;
  /** The M2M client secret the fake's token endpoint accepts. */
  readonly clientSecret: string;
  /**
   * No verification cache, so a revocation in a test shows at once.
   * @default false
   */
  readonly cache: false;
}

/** What the fake knows about itself that a client needs. */
interface FakeIdentity {
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The client settings for `fake`, with `overrides` on top (they win, `cache` included).
 *
 * @example
 * ```ts
 * createKindeKeys(clientConfigOf(fake, { cache: {} })); // this test is about the cache
 * ```
 */
export function clientConfigOf<Overrides extends object>(
  fake: FakeIdentity,
  overrides?: Overrides,
): Omit<FakeClientConfig, keyof Overrides> & Overrides {
  const base: FakeClientConfig = {
    domain: fake.origin,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    cache: false,
  };
  return Object.assign(base, overrides);
}
