/**
 * @module internals
 * What a client shares with the parts built on top of it (the key manager, the request pipeline). They travel in a non-enumerable, symbol-keyed slot on the client object, so
 * they are not public API (no autocomplete, not in `JSON.stringify`, `Object.keys` or a spread), yet
 * `createKeyManager(kinde)` can reach them without `kinde` carrying the manager itself: an edge app
 * that only verifies keys then never bundles the management client.
 */
import type { TokenManager } from "./kinde/token.ts";
import type { HttpSettings } from "./kinde/transport.ts";
import type { AuthorizerDeps } from "./request/authorize.ts";

/**
 * The parts of a client that other parts build on: the key manager and the doctor (HTTP
 * settings, token manager) and the request pipeline (verify with the pipeline's options, the
 * cached-valid lookup, the logger).
 */
export interface ClientInternals extends AuthorizerDeps {
  /**
   * The connection's HTTP settings (no credentials). The key manager, the route option `apiId` and
   * the doctor make their own HTTP client from them (`management/http.ts`), so the client itself
   * carries none and an edge bundle that only verifies keys never includes it.
   */
  readonly http: HttpSettings;
  readonly tokens: TokenManager;
  /** How long a valid verification is cached (0 without a cache): what the route's `apiId` check keeps. */
  readonly positiveTtlMs: number;
  /** Registers what `kinde.close()` runs (stopping a timer the part owns), once. */
  onClose(closer: () => unknown): void;
}

// `Symbol.for`, not `Symbol()`: the ESM and CJS builds are two loaded copies of this module, and a
// client made by one must still be usable by the other's `createKeyManager`. The `v3` names the
// shape above; a change of shape takes a new name, so two versions never misread each other.
const INTERNALS = Symbol.for("@acme/kinde-keys-core/client-internals/v3");

/** Stores `internals` on `client` in the hidden slot; called once by `createKindeKeys`. */
export function attachInternals<Client extends object>(
  client: Client,
  internals: ClientInternals,
): Client {
  Object.defineProperty(client, INTERNALS, {
    value: Object.freeze({ ...internals }),
    enumerable: false,
    writable: false,
    configurable: false,
  });
  return client;
}

/**
 * The internals of a client made by `createKindeKeys`.
 *
 * @param caller named in the error, e.g. `"createKeyManager"`
 * @throws {TypeError} when `client` was not made by `createKindeKeys` (a mock, a copy, a spread)
 */
export function internalsOf(client: unknown, caller: string): ClientInternals {
  const internals =
    typeof client === "object" && client !== null
      ? (client as { [INTERNALS]?: ClientInternals })[INTERNALS]
      : undefined;
  if (internals === undefined) {
    throw new TypeError(
      `${caller} needs a client made by createKindeKeys() from @acme/kinde-keys-core; ` +
        "a copy, a spread or a hand-made object does not carry what it needs.",
    );
  }
  return internals;
}
