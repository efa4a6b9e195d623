/**
 * @module ai/application
 * `AIApplication`: AI features that stay inside the tenant an API key belongs to. It verifies the key
 * (or reuses a middleware's result), refuses keys without an organization or user, checks scopes,
 * guards the prompt and the answer, and tells the model whose context it works in with a
 * `ContextOwner:` line. It logs usage by key id and owner, never the key, and warns on slow answers.
 */

import type { KindeKeys } from "../client.ts";
import type { VerifyOptions } from "../kinde/verify.ts";
import { redactKey } from "../redact.ts";
import { checkScopes } from "../request/scopes.ts";
import type { InvalidKeyReason, KeyOwner, Logger, VerifiedApiKey } from "../types.ts";
import { type AIGuardViolation, sanitizeAIInput, validateAIResponse } from "./guards.ts";
import type { AIProvider, ContextOwner } from "./provider.ts";

/**
 * Stable codes of {@link AIApplicationError}.
 *
 * - `NOT_AUTHENTICATED`: `processAIRequest` before a successful `authenticate()`, or `fromVerified`
 *   given no key (the middleware did not run).
 * - `INVALID_KEY`: Kinde said the key is missing, malformed, unknown, inactive or revoked (`reason`).
 * - `NO_TENANT_CONTEXT`: an environment key, which has neither organization nor user.
 * - `INSUFFICIENT_SCOPE`: the key lacks a scope the application requires (`missingScopes`).
 * - `INPUT_REJECTED`: the prompt failed {@link sanitizeAIInput} (`violation`).
 * - `OUTPUT_REJECTED`: the answer failed {@link validateAIResponse} (`violation`).
 * - `PROVIDER_FAILED`: the provider threw or answered something other than text (`cause`).
 */
export type AIApplicationErrorCode =
  | "NOT_AUTHENTICATED"
  | "INVALID_KEY"
  | "NO_TENANT_CONTEXT"
  | "INSUFFICIENT_SCOPE"
  | "INPUT_REJECTED"
  | "OUTPUT_REJECTED"
  | "PROVIDER_FAILED";

/** Why a prompt was refused: a guard's violation, or a forged `ContextOwner:` line. */
export type AIRejection = AIGuardViolation | "context_marker";

const STATUS = {
  NOT_AUTHENTICATED: 401,
  INVALID_KEY: 401,
  NO_TENANT_CONTEXT: 403,
  INSUFFICIENT_SCOPE: 403,
  INPUT_REJECTED: 400,
  OUTPUT_REJECTED: 502,
  PROVIDER_FAILED: 502,
} as const satisfies Record<AIApplicationErrorCode, number>;

/** Extra facts an {@link AIApplicationError} carries; none is ever a secret. */
export interface AIApplicationErrorOptions {
  /** The underlying error (e.g. the provider's). */
  cause?: unknown;
  /** For `INVALID_KEY`: why Kinde refused the key. */
  reason?: InvalidKeyReason;
  /** For `INSUFFICIENT_SCOPE`: the required scopes the key lacks. */
  missingScopes?: readonly string[];
  /** For `INPUT_REJECTED` / `OUTPUT_REJECTED`: what the guard found. */
  violation?: AIRejection;
}

/**
 * Thrown by {@link AIApplication} when a request may not, or could not, be processed. Problems with
 * Kinde itself stay `KindeKeysError`s. `status` is the HTTP status to answer with, and
 * `JSON.stringify(error)` gives a body without the cause.
 *
 * @example
 * ```ts
 * try {
 *   res.json(await ai.processAIRequest(prompt, context));
 * } catch (error) {
 *   if (isAIApplicationError(error)) res.status(error.status).json(error);
 *   else throw error;
 * }
 * ```
 */
export class AIApplicationError extends Error {
  override readonly name = "AIApplicationError";
  /** Stable code to branch on; messages may change, codes do not. */
  readonly code: AIApplicationErrorCode;
  /** The HTTP status that fits: 400, 401, 403 or 502. */
  readonly status: (typeof STATUS)[AIApplicationErrorCode];
  /** For `INVALID_KEY`: why Kinde refused the key. */
  readonly reason: InvalidKeyReason | undefined;
  /** For `INSUFFICIENT_SCOPE`: the required scopes the key lacks. */
  readonly missingScopes: readonly string[] | undefined;
  /** For `INPUT_REJECTED` / `OUTPUT_REJECTED`: what the guard found. */
  readonly violation: AIRejection | undefined;

  constructor(
    code: AIApplicationErrorCode,
    message: string,
    options: AIApplicationErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.reason = options.reason;
    this.missingScopes = options.missingScopes;
    this.violation = options.violation;
  }

  /** The response body: `{ error, code }` plus `reason`, `missing_scopes` or `violation` when set. */
  toJSON(): Record<string, unknown> {
    return {
      error: this.message,
      code: this.code,
      ...(this.reason && { reason: this.reason }),
      ...(this.missingScopes && { missing_scopes: this.missingScopes }),
      ...(this.violation && { violation: this.violation }),
    };
  }
}

/**
 * True for an {@link AIApplicationError}, including one from another loaded copy of this package.
 */
export function isAIApplicationError(error: unknown): error is AIApplicationError {
  if (error instanceof AIApplicationError) return true;
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return (
    candidate.name === "AIApplicationError" &&
    typeof candidate.code === "string" &&
    Object.hasOwn(STATUS, candidate.code)
  );
}

/** Settings of an {@link AIApplication}. */
export interface AIApplicationOptions<Scope extends string = string> {
  /** The client that verifies the key (`createKindeKeys(…)`). Not needed by `fromVerified`. */
  client: Pick<KindeKeys, "verify">;
  /** The model. `createLocalAIProvider()` answers without one. */
  provider: AIProvider;
  /**
   * Scopes the key must hold, all of them, for `processAIRequest`.
   * @default []
   */
  scopes?: readonly Scope[];
  /** Where usage, refusals, provider failures and slow answers are logged (pino-compatible). */
  logger?: Logger;
  /**
   * Answers slower than this many milliseconds are logged as warnings.
   * @default 5000
   */
  slowThresholdMs?: number;
}

/** Options of one {@link AIApplication.processAIRequest} call. */
export interface ProcessAIRequestOptions {
  /** Aborts the provider call, e.g. when the client disconnects. */
  signal?: AbortSignal;
}

/** What {@link AIApplication.processAIRequest} resolves to. */
export interface AIResult<Context = unknown> {
  /** The provider's answer, checked by {@link validateAIResponse}. */
  readonly response: string;
  /** The key's organization code, or `null`. */
  readonly organization: string | null;
  /** The key's user id, or `null`. */
  readonly user_id: string | null;
  /** The context the request ran with. */
  readonly context: Context;
}

const DEFAULT_SLOW_THRESHOLD_MS = 5_000;

const INVALID_KEY_MESSAGES: Record<InvalidKeyReason, string> = {
  missing: "Missing API key",
  malformed: "Malformed API key",
  invalid: "Invalid API key",
  inactive: "API key is not active",
  revoked: "API key has been revoked",
};

// A caller must not be able to claim another tenant by writing the marker line themselves.
const CONTEXT_MARKER = /^\s*ContextOwner\s*:/im;

/** For `fromVerified`, which never verifies: a client that is never called. */
const NO_CLIENT: Pick<KindeKeys, "verify"> = {
  verify: () => Promise.reject(new TypeError("AIApplication.fromVerified does not verify keys.")),
};

function ownerOf(owner: KeyOwner): ContextOwner | null {
  if (owner.type === "organization") return `org:${owner.orgCode}`;
  if (owner.type === "user") return `user:${owner.userId}`;
  return null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * An AI feature bound to one API key and the tenant it belongs to. Create one per request.
 *
 * @example
 * ```ts
 * const ai = new AIApplication(apiKey, { client: kinde, provider, scopes: ["read:ai_chats"], logger });
 * await ai.authenticate();
 * const { response } = await ai.processAIRequest("Summarise my open tickets", { tickets });
 * ```
 */
export class AIApplication<Scope extends string = string> {
  // The raw key lives only until Kinde has answered; private fields keep it out of logs and JSON.
  // Boxed, so "no key left" (undefined) differs from a caller passing no key ({ apiKey: undefined }).
  #pending: { readonly apiKey: string | null | undefined } | undefined;
  #key: VerifiedApiKey | undefined;
  #authenticating: Promise<VerifiedApiKey> | undefined;
  readonly #client: Pick<KindeKeys, "verify">;
  readonly #provider: AIProvider;
  readonly #scopes: readonly string[];
  readonly #logger: Logger | undefined;
  readonly #slowThresholdMs: number;

  /**
   * @param apiKey the caller's raw API key; dropped as soon as `authenticate()` has an answer
   * @throws {TypeError} when `client`, `provider` or `slowThresholdMs` is invalid
   */
  constructor(apiKey: string | null | undefined, options: AIApplicationOptions<Scope>) {
    if (typeof options?.client?.verify !== "function") {
      throw new TypeError("AIApplication needs a `client`.");
    }
    if (typeof options.provider !== "function") {
      throw new TypeError("AIApplication needs a `provider` function.");
    }
    const slow = options.slowThresholdMs ?? DEFAULT_SLOW_THRESHOLD_MS;
    if (!Number.isFinite(slow) || slow < 0) {
      throw new TypeError("slowThresholdMs must be a non-negative number.");
    }
    this.#pending = { apiKey };
    this.#client = options.client;
    this.#provider = options.provider;
    this.#scopes = [...(options.scopes ?? [])];
    this.#logger = options.logger;
    this.#slowThresholdMs = slow;
  }

  /**
   * An application for a key a middleware already verified (`req.kindeApiKey`): no second call to
   * Kinde. Given `undefined` (no middleware ran), every request is refused with `NOT_AUTHENTICATED`.
   *
   * @example
   * ```ts
   * const ai = AIApplication.fromVerified(req.kindeApiKey, { provider, scopes: ["write:ai_chat"] });
   * ```
   */
  static fromVerified<Scope extends string = string>(
    key: VerifiedApiKey | undefined,
    options: Omit<AIApplicationOptions<Scope>, "client"> & { client?: Pick<KindeKeys, "verify"> },
  ): AIApplication<Scope> {
    const app = new AIApplication<Scope>(undefined, { ...options, client: NO_CLIENT });
    app.#pending = undefined;
    app.#key = key;
    return app;
  }

  /** Whether the key has been verified. */
  get isAuthenticated(): boolean {
    return this.#key !== undefined;
  }

  /** Kinde's id of the key, once verified; safe to log. */
  get keyId(): string | null {
    return this.#key?.keyId ?? null;
  }

  /** The key's organization code, or `null` (user or environment key, or not yet verified). */
  get organization(): string | null {
    return this.#key?.orgCode ?? null;
  }

  /** The key's user id, or `null` (organization or environment key, or not yet verified). */
  get userId(): string | null {
    return this.#key?.userId ?? null;
  }

  /** `org:<code>` or `user:<id>`; `null` for an environment key or before verification. */
  get contextOwner(): ContextOwner | null {
    return this.#key ? ownerOf(this.#key.owner) : null;
  }

  /**
   * Verifies the key with Kinde, once; later calls return the same answer. The raw key is dropped
   * once Kinde has answered. When Kinde could not answer, the `KindeKeysError` is rethrown and a
   * later call tries again.
   *
   * @throws {AIApplicationError} `INVALID_KEY` when the key is missing, unknown, inactive or revoked
   * @throws {KindeKeysError} when Kinde is unreachable or the client is misconfigured
   */
  authenticate(options: VerifyOptions = {}): Promise<VerifiedApiKey> {
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
    if (!this.#pending) {
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

  #refuse(
    code: AIApplicationErrorCode,
    message: string,
    facts: Record<string, unknown>,
    options: AIApplicationErrorOptions = {},
  ): AIApplicationError {
    this.#logger?.warn?.(
      { keyId: this.keyId, owner: this.contextOwner, code, ...facts },
      `kinde-keys: ${message}`,
    );
    return new AIApplicationError(code, message, options);
  }

  /**
   * Runs one AI request in the key's tenant: checks authentication, tenant and scopes, guards the
   * prompt, calls the provider with `ContextOwner: …` and the JSON context in front of the prompt,
   * guards the answer, and logs usage.
   *
   * @param prompt the caller's text, e.g. straight from a request body: anything but a string is
   *   refused with `INPUT_REJECTED` (`not_text`)
   * @param context the application's data for this tenant; must be JSON-serialisable
   * @throws {AIApplicationError} for every refusal and for provider failures
   * @throws {TypeError} when `context` cannot be serialised to JSON
   */
  async processAIRequest<Context>(
    prompt: unknown,
    context: Context,
    options: ProcessAIRequestOptions = {},
  ): Promise<AIResult<Context>> {
    const key = this.#key;
    if (!key) {
      throw this.#refuse(
        "NOT_AUTHENTICATED",
        "Authenticate the key before processing requests",
        {},
      );
    }
    const owner = ownerOf(key.owner);
    if (!owner) {
      throw this.#refuse("NO_TENANT_CONTEXT", "API key has no organization or user context", {});
    }
    const scopeCheck = checkScopes(key, this.#scopes);
    if (!scopeCheck.ok) {
      const missingScopes = scopeCheck.missing;
      throw this.#refuse(
        "INSUFFICIENT_SCOPE",
        `Insufficient scope. Required: ${this.#scopes.join(" ")}`,
        { missingScopes },
        { missingScopes },
      );
    }

    const refuseInput = (violation: AIRejection) =>
      this.#refuse("INPUT_REJECTED", "AI prompt refused", { violation }, { violation });
    const input = sanitizeAIInput(prompt);
    if (!input.ok) throw refuseInput(input.violation);
    if (CONTEXT_MARKER.test(input.value)) throw refuseInput("context_marker");
    const text = input.value;

    const contextJson = JSON.stringify(context ?? null) ?? "null";
    const fullPrompt = `ContextOwner: ${owner}\nContext: ${contextJson}\n\nRequest:\n${text}`;
    const signal = options.signal ?? new AbortController().signal;

    const started = performance.now();
    let answer: unknown;
    try {
      answer = await this.#provider({ prompt: fullPrompt, owner, context, signal });
    } catch (error) {
      this.#warnIfSlow(owner, started);
      this.#logger?.error?.(
        {
          keyId: key.keyId,
          owner,
          durationMs: Math.round(performance.now() - started),
          err: describeError(error),
        },
        "kinde-keys: AI provider failed",
      );
      throw new AIApplicationError("PROVIDER_FAILED", "The AI provider failed", { cause: error });
    }
    const durationMs = this.#warnIfSlow(owner, started);
    if (typeof answer !== "string") {
      throw this.#refuse(
        "PROVIDER_FAILED",
        "The AI provider answered something other than text",
        {},
      );
    }

    const output = validateAIResponse(answer);
    if (!output.ok) {
      throw this.#refuse(
        "OUTPUT_REJECTED",
        "AI response refused",
        { violation: output.violation },
        {
          violation: output.violation,
        },
      );
    }

    this.#logger?.info?.(
      {
        keyId: key.keyId,
        owner,
        durationMs,
        promptChars: text.length,
        responseChars: answer.length,
      },
      "kinde-keys: AI request processed",
    );
    return { response: answer, organization: key.orgCode, user_id: key.userId, context };
  }

  /** Logs a warning when the provider took longer than the threshold; returns the duration. */
  #warnIfSlow(owner: ContextOwner, started: number): number {
    const durationMs = Math.round(performance.now() - started);
    if (durationMs > this.#slowThresholdMs) {
      this.#logger?.warn?.(
        { keyId: this.keyId, owner, durationMs, thresholdMs: this.#slowThresholdMs },
        "kinde-keys: slow AI response",
      );
    }
    return durationMs;
  }
}
