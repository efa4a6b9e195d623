/**
 * @module ai/errors
 * `AIApplicationError`: every refusal of an AI request, with a stable `code` and the HTTP status that
 * fits it. The status table is this part's own (a prompt refused is a 400, a model that failed a 502);
 * refusals of the request pipeline keep theirs in `request/answers.ts`.
 */
import type { InvalidKeyReason } from "../types.ts";
import type { AIGuardViolation } from "./guards.ts";

/**
 * Stable codes of {@link AIApplicationError}.
 *
 * - `NOT_AUTHENTICATED`: `processAIRequest` before a successful `authenticate()`, or `fromVerified`
 *   given no key (the middleware did not run).
 * - `INVALID_KEY`: Kinde said the key is missing, malformed, unknown, inactive or revoked (`reason`).
 * - `NO_TENANT_CONTEXT`: an environment key, which has neither organization nor user.
 * - `INSUFFICIENT_SCOPE`: the key lacks a scope the application requires (`missingScopes`).
 * - `INPUT_REJECTED`: the prompt failed `sanitizeAIInput` (`violation`).
 * - `OUTPUT_REJECTED`: the answer failed `validateAIResponse` (`violation`).
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

/** The HTTP status of each code: one row per code, so a new refusal is a row, not an `if`. */
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
 * Thrown by `AIApplication` when a request may not, or could not, be processed. Problems with
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
