/**
 * @module request/pipeline
 * The pipeline of one route, composed once from its steps: extract the key → verify it → after
 * verify (`after-verify.ts`: the key's refusal, or its API, rate limit, owner, scopes). A route with
 * `failedAttempts` runs the throttled variant (`failed-attempts-step.ts`). It never throws and never
 * lets an error through as a pass: anything unexpected becomes a 503 (fail closed).
 */
import type { ClientInternals } from "../internals.ts";
import { isPromiseLike, type MaybePromise } from "../kinde/maybe-async.ts";
import type { VerifiedApiKey } from "../types.ts";
import { compileAfterVerify } from "./after-verify.ts";
import { apiBinding } from "./api-binding.ts";
import type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  AuthorizerDeps,
  PipelineInput,
} from "./authorize-types.ts";
import { compileDecide } from "./decide.ts";
import { extractWith, resolveExtractOptions } from "./extract.ts";
import { resolveFailedAttempts } from "./failed-attempts.ts";
import { throttledPipeline } from "./failed-attempts-step.ts";
import { ANONYMOUS, checkOptionalKey } from "./optional-key.ts";
import { memoryRateLimitStore, type RateLimitStore } from "./rate-limit.ts";
import { createRefusals } from "./refusals.ts";

/** A compiled pipeline that may answer at once; see `createPipeline`. */
export type Pipeline<Context> = (
  input: AuthorizeInput<Context>,
) => MaybePromise<AuthorizeResult<VerifiedApiKey | undefined>>;

/**
 * Compiles the pipeline from a client's parts and a route's options, once.
 *
 * @throws {TypeError} when the options are invalid (e.g. a rate limit of 0)
 */
export function compilePipeline<Scope extends string, Context>(
  deps: ClientInternals,
  options: AuthorizeOptions<Scope, Context> = {},
): Pipeline<Context> {
  const extract = resolveExtractOptions(options);
  if (!extract.required) checkOptionalKey(options);
  const refusals = createRefusals(options, deps.logger);
  const defaultStore = defaultStoreOf(deps);
  const decide = compileDecide(options, refusals, defaultStore, deps.storeTimeoutMs);
  const guard = resolveFailedAttempts(options.failedAttempts, defaultStore, deps.logger);
  const belongs = options.apiId === undefined ? undefined : apiBinding(deps, options.apiId);
  const afterVerify = compileAfterVerify(decide, belongs, refusals);
  if (guard) return throttledPipeline(deps, guard, extract, afterVerify, refusals);
  const { unavailable } = refusals;

  return (input) => {
    try {
      const extracted = extractWith(input.headers, extract);
      if (!extracted.ok) {
        if (extracted.reason === "missing" && !extract.required) return ANONYMOUS;
        return refusals.forReason(extracted.reason, extracted.message);
      }
      // The input carries `signal` and, from the adapter kit, `signalSource`: it is verify's options
      // as it is, so a warm-cache request allocates nothing more for them. A synchronous cache hit
      // is answered without a promise.
      const verified = deps.verify(extracted.apiKey, input as PipelineInput<Context>);
      const outcome = isPromiseLike(verified)
        ? verified.then((result) => afterVerify(result, input))
        : afterVerify(verified, input);
      return isPromiseLike(outcome) ? outcome.then(undefined, unavailable) : outcome;
    } catch (error) {
      // Fail closed: whatever went wrong, the request does not pass and nothing leaks.
      return unavailable(error);
    }
  };
}

// One memory rate-limit store per client (keyed by its internals), made on first use and shared by
// all its routes' rate limits and failed-attempt counts. Kept here rather than on the client, so
// an app that only verifies keys does not bundle it.
const defaultStores = new WeakMap<AuthorizerDeps, RateLimitStore>();

function defaultStoreOf(deps: AuthorizerDeps): () => RateLimitStore {
  return () => {
    let store = defaultStores.get(deps);
    if (!store) {
      store = memoryRateLimitStore();
      defaultStores.set(deps, store);
    }
    return store;
  };
}
