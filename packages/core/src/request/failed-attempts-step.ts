/**
 * @module request/failed-attempts-step
 * The pipeline of a route with `failedAttempts` (see `failed-attempts.ts`): the client is asked for
 * first, a client over its limit whose key is not cached as valid gets 429 before any call to Kinde,
 * and malformed credentials and keys Kinde refuses are counted against it. Always a promise: the
 * client key and the counts may wait on a store.
 */
import type { VerifiedApiKey } from "../types.ts";
import type { AfterVerify } from "./after-verify.ts";
import { type AuthorizeDenial, deny } from "./answers.ts";
import type {
  AuthorizeInput,
  AuthorizeResult,
  AuthorizerDeps,
  PipelineInput,
} from "./authorize-types.ts";
import { extractWith, type ResolvedExtractOptions } from "./extract.ts";
import type { FailedAttemptGuard } from "./failed-attempts.ts";
import { ANONYMOUS } from "./optional-key.ts";
import type { Refusals } from "./refusals.ts";

/** Compiles the pipeline of a route with `failedAttempts`, once. */
export function throttledPipeline<Context>(
  deps: Pick<AuthorizerDeps, "verify" | "peekCached">,
  failures: FailedAttemptGuard,
  extract: ResolvedExtractOptions,
  afterVerify: AfterVerify<Context>,
  refusals: Refusals,
): (input: AuthorizeInput<Context>) => Promise<AuthorizeResult<VerifiedApiKey | undefined>> {
  /** 429 for a client over its failed-attempt limit whose key is not cached as valid. */
  async function throttled(client: string, apiKey: string): Promise<AuthorizeDenial | undefined> {
    const seconds = await failures.blockedFor(client);
    if (seconds === undefined || (await deps.peekCached(apiKey))) return undefined;
    const headers = { "retry-after": String(seconds) };
    return refusals.finish(deny("TOO_MANY_FAILED_ATTEMPTS", { realm: refusals.realm, headers }));
  }

  return async (input) => {
    try {
      const extracted = extractWith(input.headers, extract);
      const client = await failures.clientOf(input.context);
      if (!extracted.ok) {
        if (extracted.reason === "missing" && !extract.required) return ANONYMOUS;
        if (client && extracted.reason === "malformed") await failures.count(client);
        return refusals.forReason(extracted.reason, extracted.message);
      }
      const blocked = client && (await throttled(client, extracted.apiKey));
      if (blocked) return blocked;
      const result = await deps.verify(extracted.apiKey, input as PipelineInput<Context>);
      if (!result.valid && client && result.reason === "invalid") await failures.count(client);
      return await afterVerify(result, input);
    } catch (error) {
      // Fail closed: whatever went wrong, the request does not pass and nothing leaks.
      return refusals.unavailable(error);
    }
  };
}
