/**
 * @module @acme/kinde-keys-core/ai
 * AI features that stay inside the tenant an API key belongs to: `AIApplication`, the prompt and
 * answer guards, and the provider seam with a local stand-in. A part of its own, so an API that
 * only checks keys never bundles it.
 *
 * @example
 * ```ts
 * import { AIApplication, createLocalAIProvider } from "@acme/kinde-keys-core/ai";
 *
 * const ai = AIApplication.fromVerified(req.kindeApiKey, { provider: createLocalAIProvider() });
 * const { response } = await ai.processAIRequest(req.body.prompt, { tickets: [] });
 * ```
 */

// The application

export { AIApplication } from "./application.ts";
export type {
  AIApplicationOptions,
  AIResult,
  AIUsageEvent,
  ProcessAIRequestOptions,
} from "./options.ts";

// Its refusals

export type { AIApplicationErrorCode, AIApplicationErrorOptions, AIRejection } from "./errors.ts";
export { AIApplicationError, isAIApplicationError } from "./errors.ts";

// Guards, each usable on its own

export type {
  AIGuardResult,
  AIGuardViolation,
  SanitizeAIInputOptions,
  ValidateAIResponseOptions,
} from "./guards.ts";
export {
  MAX_AI_INPUT_LENGTH,
  MAX_AI_RESPONSE_LENGTH,
  sanitizeAIInput,
  validateAIResponse,
} from "./guards.ts";

// Providers

export type {
  AIProvider,
  AIProviderRequest,
  ContextOwner,
  LocalAIProviderOptions,
} from "./provider.ts";
export { createLocalAIProvider } from "./provider.ts";
