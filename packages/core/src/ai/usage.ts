/**
 * @module ai/usage
 * Hands an `AIApplication`'s usage to its `onUsage` hook without letting the hook change the
 * answer: a throw or a rejection is logged, never awaited by the request.
 */
import type { Logger, VerifiedApiKey } from "../types.ts";
import type { AIUsageEvent } from "./options.ts";

/** The hook, checked once at construction. */
export type UsageHook = ((event: AIUsageEvent) => void | PromiseLike<void>) | undefined;

/**
 * Checks `onUsage` and the guard options at construction.
 * @throws {TypeError} when one is of the wrong type
 */
export function checkUsageOptions(options: {
  onUsage?: unknown;
  inputGuard?: unknown;
  responseGuard?: unknown;
}): void {
  if (options.onUsage !== undefined && typeof options.onUsage !== "function") {
    throw new TypeError("AIApplication: `onUsage` must be a function.");
  }
  for (const name of ["inputGuard", "responseGuard"] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== "object" || value === null)) {
      throw new TypeError(`AIApplication: \`${name}\` must be an options object.`);
    }
  }
}

/** Reports one answered request to the hook, if any. Never throws, never waits. */
export function reportAIUsage(
  hook: UsageHook,
  logger: Logger | undefined,
  key: VerifiedApiKey,
  sizes: { inputChars: number; outputChars: number; durationMs: number },
): void {
  if (!hook) return;
  const fail = (error: unknown) =>
    logger?.warn?.(
      { keyId: key.keyId, err: error instanceof Error ? error.message : String(error) },
      "kinde-keys: AI onUsage failed",
    );
  try {
    const result = hook({
      timestamp: new Date().toISOString(),
      keyId: key.keyId,
      ownerType: key.owner.type,
      orgCode: key.orgCode,
      userId: key.userId,
      ...sizes,
    });
    if (result && typeof result.then === "function") Promise.resolve(result).then(undefined, fail);
  } catch (error) {
    fail(error);
  }
}
