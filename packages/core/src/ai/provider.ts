/**
 * @module ai/provider
 * The one seam between `AIApplication` and a model: an {@link AIProvider} is a function from a
 * tenant-scoped request to text, so any vendor SDK fits in a few lines and tests need no network.
 * {@link callProvider} is how the application calls it (timed, failures logged and wrapped);
 * {@link createLocalAIProvider} is a deterministic stand-in for examples, demos and tests.
 */
import type { Logger } from "../types.ts";
import { AIApplicationError } from "./errors.ts";

/** Who an AI request runs for: `org:<org code>` for organization keys, `user:<user id>` for user keys. */
export type ContextOwner = `org:${string}` | `user:${string}`;

/** What an {@link AIProvider} receives. */
export interface AIProviderRequest {
  /**
   * The full prompt: `ContextOwner: …`, then the JSON context, then the caller's checked prompt.
   * Send this to the model, not the caller's text alone.
   */
  readonly prompt: string;
  /** The tenant the request runs for, e.g. to tag the vendor call or pick a per-tenant model. */
  readonly owner: ContextOwner;
  /** The application's context for this tenant, as given to `processAIRequest`. */
  readonly context: unknown;
  /** Aborts the call (the caller went away or gave up); pass it on to the vendor SDK. */
  readonly signal: AbortSignal;
}

/**
 * A model behind one function.
 *
 * @example
 * ```ts
 * const openai: AIProvider = async ({ prompt, owner, signal }) => {
 *   const res = await client.responses.create({ model: "gpt-5-mini", input: prompt, user: owner }, { signal });
 *   return res.output_text;
 * };
 * ```
 */
export type AIProvider = (request: AIProviderRequest) => Promise<string>;

/** What {@link callProvider} needs besides the request: whom to log for, and when it is slow. */
export interface ProviderCallWatch {
  /** Kinde's id of the key the request runs for; logged, never the key. */
  readonly keyId: string;
  readonly logger: Logger | undefined;
  /** Answers slower than this many milliseconds are logged as warnings. */
  readonly slowThresholdMs: number;
}

/**
 * Calls `provider` and times it: warns when it is slower than the threshold, logs a failure (by
 * key id and owner, never the prompt) and turns a throw into `PROVIDER_FAILED` with the cause kept.
 * Resolves to whatever the provider answered; checking that it is text is the caller's part.
 */
export async function callProvider(
  provider: AIProvider,
  request: AIProviderRequest,
  watch: ProviderCallWatch,
): Promise<{ answer: unknown; durationMs: number }> {
  const started = performance.now();
  let answer: unknown;
  try {
    answer = await provider(request);
  } catch (error) {
    const durationMs = warnIfSlow(request.owner, started, watch);
    watch.logger?.error?.(
      { keyId: watch.keyId, owner: request.owner, durationMs, err: describeError(error) },
      "kinde-keys: AI provider failed",
    );
    throw new AIApplicationError("PROVIDER_FAILED", "The AI provider failed", { cause: error });
  }
  return { answer, durationMs: warnIfSlow(request.owner, started, watch) };
}

/** Logs a warning when the call took longer than the threshold; returns the duration. */
function warnIfSlow(owner: ContextOwner, started: number, watch: ProviderCallWatch): number {
  const durationMs = Math.round(performance.now() - started);
  if (durationMs > watch.slowThresholdMs) {
    watch.logger?.warn?.(
      { keyId: watch.keyId, owner, durationMs, thresholdMs: watch.slowThresholdMs },
      "kinde-keys: slow AI response",
    );
  }
  return durationMs;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Options of {@link createLocalAIProvider}. */
export interface LocalAIProviderOptions {
  /**
   * Milliseconds to wait before answering, to try slow-response warnings and timeouts.
   * @default 0
   */
  latencyMs?: number;
}

/**
 * A provider that calls no model: it answers with the owner, a summary of the context and a
 * fingerprint of the prompt. The same request always gets the same answer.
 *
 * @example
 * ```ts
 * const ai = new AIApplication(apiKey, { client: kinde, provider: createLocalAIProvider() });
 * ```
 */
export function createLocalAIProvider(options: LocalAIProviderOptions = {}): AIProvider {
  const latencyMs = options.latencyMs ?? 0;
  return async ({ prompt, owner, context, signal }) => {
    if (latencyMs > 0) await wait(latencyMs, signal);
    if (signal.aborted) throw signal.reason;
    const words = prompt.split(/\s+/).filter(Boolean).length;
    return `[local-ai ${fingerprint(prompt)}] Answer for ${owner}, based on ${describeContext(context)} (${words} words of prompt).`;
  };
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** FNV-1a (32-bit): a short, stable fingerprint of the prompt, so equal prompts give equal answers. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** `tickets(2), plan` for `{ tickets: [a, b], plan: "pro" }`. */
function describeContext(context: unknown): string {
  if (context === null || typeof context !== "object") return "no context";
  const parts = Object.entries(context).map(([name, value]) =>
    Array.isArray(value) ? `${name}(${value.length})` : name,
  );
  return parts.length === 0 ? "no context" : parts.join(", ");
}
