/**
 * @module ai/key-session
 * The key behind one `AIApplication`, in either of its two beginnings: a raw key that Kinde verifies
 * once (`new AIApplication(apiKey, …)`), or a key a middleware already verified
 * (`AIApplication.fromVerified`). The application asks the session for the verified key and never
 * holds the raw key itself.
 */
import type { KindeKeys } from "../client.ts";
import type { VerifyOptions } from "../kinde/verify.ts";
import { redactKey } from "../redact.ts";
import type { InvalidKeyReason, Logger, VerifiedApiKey } from "../types.ts";
import { AIApplicationError } from "./errors.ts";

/** How a session begins: with a raw key to verify, or with a middleware's verdict. */
export type KeySessionStart =
  | {
      readonly kind: "raw";
      readonly apiKey: string | null | undefined;
      readonly client: Pick<KindeKeys, "verify">;
      readonly logger: Logger | undefined;
    }
  | { readonly kind: "verified"; readonly key: VerifiedApiKey | undefined };

const INVALID_KEY_MESSAGES: Record<InvalidKeyReason, string> = {
  missing: "Missing API key",
  malformed: "Malformed API key",
  invalid: "Invalid API key",
  inactive: "API key is not active",
  revoked: "API key has been revoked",
};

/** One key's verification, done at most once (again only after Kinde itself failed). */
export class KeySession {
  // The raw key lives only until Kinde has answered; private fields keep it out of logs and JSON.
  // Boxed, so "no key left" (undefined) differs from a caller passing no key ({ apiKey: undefined }).
  #pending: { readonly apiKey: string | null | undefined } | undefined;
  #key: VerifiedApiKey | undefined;
  #authenticating: Promise<VerifiedApiKey> | undefined;
  readonly #client: Pick<KindeKeys, "verify"> | undefined;
  readonly #logger: Logger | undefined;

  constructor(start: KeySessionStart) {
    if (start.kind === "raw") {
      this.#pending = { apiKey: start.apiKey };
      this.#client = start.client;
      this.#logger = start.logger;
    } else {
      this.#key = start.key;
    }
  }

  /** The verified key, once there is one. */
  get key(): VerifiedApiKey | undefined {
    return this.#key;
  }

  /**
   * Verifies the key with Kinde, once; later calls return the same answer. When Kinde could not
   * answer, its `KindeKeysError` is rethrown and a later call tries again.
   */
  authenticate(options: VerifyOptions): Promise<VerifiedApiKey> {
    if (this.#key) return Promise.resolve(this.#key);
    if (!this.#authenticating) {
      this.#authenticating = this.#verify(options);
      // Only a failure of Kinde itself may be retried; a refused key stays refused.
      this.#authenticating.catch(() => {
        if (this.#pending) this.#authenticating = undefined;
      });
    }
    return this.#authenticating;
  }

  async #verify(options: VerifyOptions): Promise<VerifiedApiKey> {
    if (!this.#pending || !this.#client) {
      throw new AIApplicationError("NOT_AUTHENTICATED", "No API key to authenticate");
    }
    const { apiKey } = this.#pending;
    const result = await this.#client.verify(apiKey, { signal: options.signal });
    this.#pending = undefined;
    if (!result.valid) {
      this.#logger?.warn?.(
        { keyHint: redactKey(apiKey), reason: result.reason },
        "kinde-keys: AI request refused: invalid API key",
      );
      throw new AIApplicationError("INVALID_KEY", INVALID_KEY_MESSAGES[result.reason], {
        reason: result.reason,
      });
    }
    this.#key = result.key;
    return result.key;
  }
}
