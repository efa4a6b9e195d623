/**
 * @module types
 * The shapes a verified key and a verification result take. They are plain JSON-safe data so that
 * they can be cached in any store (memory, Redis) and handed to application code as they are.
 */

/** Who a key belongs to. Organization wins when Kinde reports both an org and a user. */
export type KeyOwner =
  | { readonly type: "organization"; readonly orgCode: string }
  | { readonly type: "user"; readonly userId: string }
  | { readonly type: "environment" };

/** The kinds of owner a key can have. */
export type KeyOwnerType = KeyOwner["type"];

/** Lifecycle states Kinde reports for a key. */
export type KeyStatus = "active" | "inactive" | "revoked";

/** A key Kinde said is valid and active. Contains no secret. */
export interface VerifiedApiKey {
  /** Kinde's id of the key (`api_key_…`); safe to log, the basis of rate limits. */
  readonly keyId: string;
  /** Scopes granted to the key at creation. */
  readonly scopes: readonly string[];
  /** Who the key belongs to. */
  readonly owner: KeyOwner;
  /** The key's organization code, or `null` for user and environment keys. */
  readonly orgCode: string | null;
  /** The key's user id (`kp_…`), or `null` for organization and environment keys. */
  readonly userId: string | null;
  /** When Kinde last verified the key, as ISO 8601, or `null` if unknown. */
  readonly lastVerifiedOn: string | null;
  /** How many times Kinde has verified the key, or `null` if unknown. */
  readonly verificationCount: number | null;
}

/**
 * Why a key was refused. `missing` and `malformed` are decided locally without calling Kinde;
 * the others come from Kinde's answer.
 */
export type InvalidKeyReason = "missing" | "malformed" | "invalid" | "inactive" | "revoked";

/** The answer of `verify()`. It never throws for anything about the key. */
export type VerifyResult =
  | {
      readonly valid: true;
      readonly key: VerifiedApiKey;
      /**
       * Set when Kinde was unavailable and the key was accepted because this instance saw it valid
       * within `cache.staleIfErrorMs` (opt-in). A revocation made during the outage is not seen.
       */
      readonly stale?: true;
    }
  | { readonly valid: false; readonly reason: InvalidKeyReason };

/**
 * Request headers as either a Fetch `Headers` object or a Node-style record
 * (`IncomingMessage.headers`), whose values may be arrays for repeated headers.
 */
export type HeadersInput =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The logger shape the SDK writes to: pino-compatible (`logger.warn(obj, msg)`), and console works
 * too. Every method is optional. The SDK never passes a raw key or secret to it.
 */
export interface Logger {
  debug?(obj: Record<string, unknown>, msg?: string): void;
  info?(obj: Record<string, unknown>, msg?: string): void;
  warn?(obj: Record<string, unknown>, msg?: string): void;
  error?(obj: Record<string, unknown>, msg?: string): void;
}

/** What `onVerify` receives after every verification. Contains no secret. */
export interface VerifyEvent {
  /** `valid`, or the reason the key was refused, or `error` when Kinde could not answer. */
  readonly outcome: "valid" | InvalidKeyReason | "error";
  /** Kinde's key id when known. */
  readonly keyId?: string;
  /** The owner when the key is valid. */
  readonly owner?: KeyOwner;
  /** A redacted hint of the key (`k_live_…abcd`) for correlating logs. */
  readonly keyHint: string;
  /** Whether the answer came from the cache. */
  readonly cached: boolean;
  /** Wall time spent, in milliseconds. */
  readonly durationMs: number;
  /** The error code when `outcome` is `error`. */
  readonly errorCode?: string;
  /** True when a valid key was accepted stale, Kinde being unavailable (`cache.staleIfErrorMs`). */
  readonly stale?: boolean;
}
