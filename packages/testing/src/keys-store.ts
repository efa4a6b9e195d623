/**
 * @module keys-store
 * The fake's key database. Like Kinde, it hands a key's secret out once (on add, create and rotate)
 * and never shows it again: records carry only the 6-character prefix and 4-character suffix the
 * management API displays. The secrets themselves live in a private map used only to look a
 * presented key up, so no answer or record can leak one by accident.
 */

import { ApiScopes } from "./api-scopes.ts";
import { generateKeyId, generateKeySecret } from "./random.ts";

/** Status of a key. Only `active` keys verify as valid. */
export type FakeKeyStatus = "active" | "inactive" | "revoked";

/** Who a key belongs to: an organization, a user, or the whole environment. */
export type FakeKeyType = "organization" | "user" | "environment";

/**
 * A key to place in the fake, either at start (`options.keys`) or later (`fake.addKey`).
 * Every field is optional; the defaults make a working active key.
 *
 * @example
 * ```ts
 * const { key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
 * ```
 */
export interface FakeKeySeed {
  /**
   * The raw secret clients will present. Set it to test a fixed value (e.g. a format check).
   * @default `k_live_` + 32 random lowercase hex
   */
  key?: string;
  /** @default `api_key_` + 32 random hex */
  id?: string;
  /** Display name in management answers. @default `"Fake API key"` */
  name?: string;
  /** @default `"organization"` if `orgCode` is set, else `"user"` if `userId` is set, else `"environment"` */
  type?: FakeKeyType;
  /** Organization the key belongs to (`org_code` in verify answers). @default `null` */
  orgCode?: string | null;
  /** User the key belongs to (`user_id` in verify answers, `kp_…` at Kinde). @default `null` */
  userId?: string | null;
  /** Scopes granted to the key; fixed for its lifetime, as at Kinde. @default `[]` */
  scopes?: string[];
  /** @default `"active"` */
  status?: FakeKeyStatus;
  /** The API the key belongs to. @default `"api_fake"` */
  apiId?: string;
}

/**
 * What the fake knows about a key, as returned by `fake.getKey(id)`: everything except the secret.
 * A snapshot; later changes to the key do not show up in it.
 */
export interface FakeKeyRecord {
  /** Key id, stable across rotations. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Who the key belongs to. */
  readonly type: FakeKeyType;
  /** Current status; only `active` verifies as valid. */
  readonly status: FakeKeyStatus;
  /** Owning organization (`org_code`), or `null`. */
  readonly orgCode: string | null;
  /** Owning user (`user_id`), or `null`. */
  readonly userId: string | null;
  /** Scopes granted to the key. */
  readonly scopes: readonly string[];
  /** The API the key belongs to (the single entry of `api_ids`). */
  readonly apiId: string;
  /** First 6 characters of the current secret (the spec's `key_prefix`). */
  readonly keyPrefix: string;
  /** Last 4 characters of the current secret (the spec's `key_suffix`). */
  readonly keySuffix: string;
  /** When the key was added, in epoch milliseconds (`Date.now()`, so fake timers apply). */
  readonly createdAt: number;
  /** When the key last verified successfully, in epoch milliseconds; `null` if never. */
  readonly lastVerifiedAt: number | null;
  /** How many times the key verified while active. */
  readonly verificationCount: number;
}

/** A stored key: a mutable {@link FakeKeyRecord}, internal to the fake. */
export type StoredKey = { -readonly [K in keyof FakeKeyRecord]: FakeKeyRecord[K] };

/** The secret of a key, shown once: what add, create and rotate hand back. */
export interface IssuedKey {
  /** The key id, stable across rotations. */
  id: string;
  /** The raw secret. The fake will not show it again. */
  key: string;
}

/**
 * Keys in creation order (list paging relies on it), indexed by id and by secret.
 *
 * @example
 * ```ts
 * const store = new KeysStore();
 * const { id, key } = store.add({ userId: "kp_1" });
 * store.findBySecret(key)?.id === id; // true
 * ```
 */
export class KeysStore {
  /** Insertion order of a `Map` is creation order. */
  readonly #byId = new Map<string, StoredKey>();
  readonly #idBySecret = new Map<string, string>();
  readonly #secretById = new Map<string, string>();
  /** The APIs keys belong to and the scopes they define (`GET /api/v1/apis/{api_id}/scopes`). */
  readonly apis = new ApiScopes();

  constructor() {
    // The default API of a key exists even before any key names it.
    this.apis.define("api_fake");
  }

  /**
   * Adds a key, filling defaults.
   * @throws Error if the id or the secret is already in use (tests would otherwise pass by luck).
   */
  add(seed: FakeKeySeed = {}): IssuedKey {
    const id = seed.id ?? generateKeyId();
    const key = seed.key ?? generateKeySecret();
    if (this.#byId.has(id)) throw new Error(`Fake Kinde already has a key with id ${id}`);
    if (this.#idBySecret.has(key)) throw new Error("Fake Kinde already has a key with that secret");
    const orgCode = seed.orgCode ?? null;
    const userId = seed.userId ?? null;
    const apiId = seed.apiId ?? "api_fake";
    const scopes = [...(seed.scopes ?? [])];
    // A key holds only scopes its API defines, so they are defined on it now if they are not yet.
    this.apis.define(apiId, scopes);
    this.#byId.set(id, {
      id,
      name: seed.name ?? "Fake API key",
      type:
        seed.type ?? (orgCode !== null ? "organization" : userId !== null ? "user" : "environment"),
      status: seed.status ?? "active",
      orgCode,
      userId,
      scopes,
      apiId,
      keyPrefix: "",
      keySuffix: "",
      createdAt: Date.now(),
      lastVerifiedAt: null,
      verificationCount: 0,
    });
    this.#setSecret(id, key);
    return { id, key };
  }

  /** The stored key with this id (mutable, for the endpoints), or `undefined`. */
  get(id: string): StoredKey | undefined {
    return this.#byId.get(id);
  }

  /** A frozen copy of the key with this id, without its secret, or `undefined`. */
  snapshot(id: string): FakeKeyRecord | undefined {
    const stored = this.#byId.get(id);
    return stored && Object.freeze({ ...stored, scopes: Object.freeze([...stored.scopes]) });
  }

  /** The key whose current secret is `secret`, or `undefined` (unknown, rotated away, removed). */
  findBySecret(secret: string): StoredKey | undefined {
    const id = this.#idBySecret.get(secret);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** All keys in creation order. */
  all(): StoredKey[] {
    return [...this.#byId.values()];
  }

  /**
   * Gives the key a new secret; the old one becomes unknown at once (Kinde has no grace period).
   * @throws Error if no key has this id.
   */
  rotate(id: string): IssuedKey {
    this.#require(id);
    const key = generateKeySecret();
    this.#setSecret(id, key);
    return { id, key };
  }

  /**
   * Sets a key's status.
   * @throws Error if no key has this id.
   */
  setStatus(id: string, status: FakeKeyStatus): void {
    this.#require(id).status = status;
  }

  /**
   * Forgets a key entirely: its secret becomes unknown and it leaves list answers.
   * @throws Error if no key has this id.
   */
  remove(id: string): void {
    this.#require(id);
    const secret = this.#secretById.get(id);
    if (secret !== undefined) this.#idBySecret.delete(secret);
    this.#secretById.delete(id);
    this.#byId.delete(id);
  }

  #require(id: string): StoredKey {
    const stored = this.#byId.get(id);
    if (!stored) throw new Error(`Fake Kinde has no key with id ${id}`);
    return stored;
  }

  #setSecret(id: string, key: string): void {
    const stored = this.#require(id);
    const previous = this.#secretById.get(id);
    if (previous !== undefined) this.#idBySecret.delete(previous);
    this.#idBySecret.set(key, id);
    this.#secretById.set(id, key);
    stored.keyPrefix = key.slice(0, 6);
    stored.keySuffix = key.slice(-4);
  }
}
