/**
 * @module ai/application
 * `AIApplication`: AI features that stay inside the tenant an API key belongs to. It verifies the key
 * (or reuses a middleware's result), refuses keys without an organization or user, checks scopes,
 * guards the prompt and the answer, and tells the model whose context it works in with a
 * `ContextOwner:` line. It logs usage by key id and owner, never the key, and warns on slow answers.
 */
import type { KindeKeys } from "../client.ts";
import type { VerifyOptions } from "../kinde/verify.ts";
import type { RegisteredScope } from "../register.ts";
import { checkScopes } from "../request/scopes.ts";
import type { Logger, VerifiedApiKey } from "../types.ts";
import {
  AIApplicationError,
  type AIApplicationErrorCode,
  type AIApplicationErrorOptions,
  type AIRejection,
} from "./errors.ts";
import { sanitizeAIInput, validateAIResponse } from "./guards.ts";
import { KeySession } from "./key-session.ts";
import type { AIApplicationOptions, AIResult, ProcessAIRequestOptions } from "./options.ts";
import { buildPrompt, contextOwnerOf, forgesContextOwner } from "./prompt.ts";
import {
  type AIProvider,
  type AIProviderRequest,
  type ContextOwner,
  callProvider,
} from "./provider.ts";
import { checkUsageOptions, reportAIUsage, type UsageHook } from "./usage.ts";

/** The options of `fromVerified`, where no client is needed. */
type VerifiedOptions<Scope extends RegisteredScope> = Omit<
  AIApplicationOptions<Scope>,
  "client"
> & {
  client?: Pick<KindeKeys, "verify">;
};

const DEFAULT_SLOW_THRESHOLD_MS = 5_000;

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
export class AIApplication<Scope extends RegisteredScope = RegisteredScope> {
  readonly #session: KeySession;
  readonly #provider: AIProvider;
  readonly #scopes: readonly string[];
  readonly #logger: Logger | undefined;
  readonly #slowThresholdMs: number;
  readonly #guards: Pick<AIApplicationOptions, "inputGuard" | "responseGuard">;
  readonly #onUsage: UsageHook;

  /**
   * @param apiKey the caller's raw API key; dropped as soon as `authenticate()` has an answer
   * @throws {TypeError} when `client`, `provider`, `slowThresholdMs`, `onUsage` or a guard's options
   *   are invalid
   */
  constructor(apiKey: string | null | undefined, options: AIApplicationOptions<Scope>);
  /** @internal The path of {@link AIApplication.fromVerified}: a session that already has its key. */
  constructor(session: KeySession, options: VerifiedOptions<Scope>);
  constructor(apiKey: string | null | undefined | KeySession, options: VerifiedOptions<Scope>) {
    this.#session = apiKey instanceof KeySession ? apiKey : rawKeySession(apiKey, options);
    if (typeof options.provider !== "function") {
      throw new TypeError("AIApplication needs a `provider` function.");
    }
    const slow = options.slowThresholdMs ?? DEFAULT_SLOW_THRESHOLD_MS;
    if (!Number.isFinite(slow) || slow < 0) {
      throw new TypeError("slowThresholdMs must be a non-negative number.");
    }
    checkUsageOptions(options);
    this.#provider = options.provider;
    this.#scopes = [...(options.scopes ?? [])];
    this.#logger = options.logger;
    this.#slowThresholdMs = slow;
    this.#guards = { inputGuard: options.inputGuard, responseGuard: options.responseGuard };
    this.#onUsage = options.onUsage;
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
  static fromVerified<Scope extends RegisteredScope = RegisteredScope>(
    key: VerifiedApiKey | undefined,
    options: VerifiedOptions<Scope>,
  ): AIApplication<Scope> {
    return new AIApplication<Scope>(new KeySession({ kind: "verified", key }), options);
  }

  /** Whether the key has been verified. */
  get isAuthenticated(): boolean {
    return this.#session.key !== undefined;
  }

  /** Kinde's id of the key, once verified; safe to log. */
  get keyId(): string | null {
    return this.#session.key?.keyId ?? null;
  }

  /** The key's organization code, or `null` (user or environment key, or not yet verified). */
  get organization(): string | null {
    return this.#session.key?.orgCode ?? null;
  }

  /** The key's user id, or `null` (organization or environment key, or not yet verified). */
  get userId(): string | null {
    return this.#session.key?.userId ?? null;
  }

  /** `org:<code>` or `user:<id>`; `null` for an environment key or before verification. */
  get contextOwner(): ContextOwner | null {
    const key = this.#session.key;
    return key ? contextOwnerOf(key.owner) : null;
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
    return this.#session.authenticate(options);
  }

  /**
   * Runs one AI request in the key's tenant: checks authentication, tenant and scopes, guards the
   * prompt, calls the provider with `ContextOwner: …` and the JSON context in front of the prompt,
   * guards the answer, and logs usage (and reports it to `onUsage`).
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
    const { key, owner } = this.#admit();
    const text = this.#checkPrompt(prompt);
    const request: AIProviderRequest = {
      prompt: buildPrompt(owner, context, text),
      owner,
      context,
      signal: options.signal ?? new AbortController().signal,
    };
    const { answer, durationMs } = await callProvider(this.#provider, request, {
      keyId: key.keyId,
      logger: this.#logger,
      slowThresholdMs: this.#slowThresholdMs,
    });
    if (typeof answer !== "string") {
      const message = "The AI provider answered something other than text";
      throw this.#refuse("PROVIDER_FAILED", message, {});
    }
    const output = validateAIResponse(answer, this.#guards.responseGuard);
    if (!output.ok) {
      const { violation } = output;
      throw this.#refuse("OUTPUT_REJECTED", "AI response refused", { violation }, { violation });
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
    const sizes = { inputChars: text.length, outputChars: answer.length, durationMs };
    reportAIUsage(this.#onUsage, this.#logger, key, sizes);
    return { response: answer, organization: key.orgCode, user_id: key.userId, context };
  }

  /** The verified key and its tenant, if this key may make AI requests at all; else a refusal. */
  #admit(): { key: VerifiedApiKey; owner: ContextOwner } {
    const key = this.#session.key;
    if (!key) {
      throw this.#refuse(
        "NOT_AUTHENTICATED",
        "Authenticate the key before processing requests",
        {},
      );
    }
    const owner = contextOwnerOf(key.owner);
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
    return { key, owner };
  }

  /** The caller's prompt, once the input guard and the forged-owner check let it through. */
  #checkPrompt(prompt: unknown): string {
    const refuse = (violation: AIRejection) =>
      this.#refuse("INPUT_REJECTED", "AI prompt refused", { violation }, { violation });
    const input = sanitizeAIInput(prompt, this.#guards.inputGuard);
    if (!input.ok) throw refuse(input.violation);
    if (forgesContextOwner(input.value)) throw refuse("context_marker");
    return input.value;
  }

  /** Logs a refusal by key id and owner (never the key) and returns the error to throw. */
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
}

/** The session of `new AIApplication(apiKey, …)`: the key still to verify, with `client`. */
function rawKeySession(
  apiKey: string | null | undefined,
  options: VerifiedOptions<string> | undefined,
): KeySession {
  const client = options?.client;
  if (typeof client?.verify !== "function") {
    throw new TypeError("AIApplication needs a `client`.");
  }
  return new KeySession({ kind: "raw", apiKey, client, logger: options?.logger });
}
