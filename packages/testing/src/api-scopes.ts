/**
 * @module api-scopes
 * The scopes each API defines, as `GET /api/v1/apis/{api_id}/scopes` lists them: a name (Kinde's
 * `key`, e.g. `read:users`) and an id (`api_scope_…`). A key can hold only scopes its API
 * defines, so adding a key with scopes defines them on its API too; tests seed more with the
 * fake's `apis` option.
 */

import { randomHex } from "./random.ts";

/** One scope of an API, as the scopes endpoint shows it. */
export interface FakeApiScope {
  /** Kinde's id of the scope (`api_scope_` + 32 hex); what `scope_ids` takes. */
  readonly id: string;
  /** The scope's name (Kinde's `key`), e.g. `read:users`. */
  readonly key: string;
}

/**
 * The APIs the fake knows and their scopes, in definition order.
 *
 * @example
 * ```ts
 * const apis = new ApiScopes();
 * apis.define("api_1", ["read:users"]);
 * apis.nameOf("api_1", apis.list("api_1")?.[0]?.id ?? ""); // "read:users"
 * ```
 */
export class ApiScopes {
  /** API id → scope name → scope id. */
  readonly #apis = new Map<string, Map<string, string>>();

  /** Makes `apiId` known and defines each of `names` on it that it does not have yet. */
  define(apiId: string, names: readonly string[] = []): void {
    let scopes = this.#apis.get(apiId);
    if (!scopes) {
      scopes = new Map();
      this.#apis.set(apiId, scopes);
    }
    for (const name of names) {
      if (!scopes.has(name)) scopes.set(name, `api_scope_${randomHex(16)}`);
    }
  }

  /** The scopes of `apiId`, or `undefined` when the fake has no such API. */
  list(apiId: string): FakeApiScope[] | undefined {
    const scopes = this.#apis.get(apiId);
    return scopes && [...scopes].map(([key, id]) => ({ id, key }));
  }

  /**
   * The name of the scope a create request names by `idOrName`: the scope with that id, else the
   * value itself, so tests written before scope ids existed (names passed as ids) keep working.
   */
  nameOf(apiId: string, idOrName: string): string {
    for (const [name, id] of this.#apis.get(apiId) ?? []) if (id === idOrName) return name;
    return idOrName;
  }
}
