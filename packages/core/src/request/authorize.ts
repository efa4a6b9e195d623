/**
 * @module request/authorize
 * The request pipeline every adapter runs: extract → verify → rate limit → owner → scopes, ending in
 * either the verified key or a ready-to-send refusal from {@link deny}. It never throws and never
 * lets an error through as a pass: anything unexpected becomes a 503 (fail closed).
 *
 * The pipeline is a function of a client, not a method of it: an app that only calls
 * `kinde.verify()` (an edge function, a queue consumer) does not bundle the request side at all.
 */
import type { KindeKeys } from "../client.ts";
import { type ClientInternals, internalsOf } from "../internals.ts";
import { andThen, isPromiseLike, type MaybePromise } from "../kinde/maybe-async.ts";
import type { PipelineVerifyOptions } from "../kinde/verify.ts";
import type { Logger, VerifiedApiKey, VerifyResult } from "../types.ts";
import {
  type AuthorizeDenial,
  type DenialCode,
  deny,
  reshape,
  unavailableDenial,
} from "./answers.ts";
import { apiBinding } from "./api-binding.ts";
import type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizeSuccess,
  OptionalKeyOptions,
  PipelineInput,
} from "./authorize-types.ts";
import { extractWith, resolveExtractOptions } from "./extract.ts";
import { type FailedAttemptGuard, resolveFailedAttempts } from "./failed-attempts.ts";
import { checkOwner } from "./owner.ts";
import { type OwnerRule, ownerRuleOf } from "./owner-rule.ts";
import {
  checkDecision,
  memoryRateLimitStore,
  type RateLimitStore,
  rateLimitHeaders,
  resolveRateLimit,
} from "./rate-limit.ts";
import { withRefusedKey } from "./refused-key.ts";
import { checkScopes } from "./scopes.ts";

export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizeSuccess,
  OptionalKeyOptions,
  PipelineInput,
} from "./authorize-types.ts";

/**
 * Runs the full pipeline once for one request. For a middleware, compile it once with
 * {@link createAuthorizer} (from `@acme/kinde-keys-core/adapter`) and call the result per request.
 *
 * @throws {TypeError} when `kinde` was not made by `createKindeKeys`, or the options are invalid
 * @example
 * ```ts
 * const result = await authorize(kinde, { headers: request.headers }, { scopes: ["read:reports"] });
 * if (!result.ok) return new Response(JSON.stringify(result.body), result);
 * ```
 */
export function authorize<Context = unknown, Scope extends string = string>(
  kinde: KindeKeys<Scope>,
  input: AuthorizeInput<Context>,
  options?: AuthorizeOptions<NoInfer<Scope>, Context> & { required?: true },
): Promise<AuthorizeResult>;
export function authorize<Context = unknown, Scope extends string = string>(
  kinde: KindeKeys<Scope>,
  input: AuthorizeInput<Context>,
  options: OptionalKeyOptions<NoInfer<Scope>, Context>,
): Promise<AuthorizeResult<VerifiedApiKey | undefined>>;
export function authorize<Context, Scope extends string>(
  kinde: KindeKeys<Scope>,
  input: AuthorizeInput<Context>,
  options?: AuthorizeOptions<Scope, Context>,
): Promise<AuthorizeResult<VerifiedApiKey | undefined>> {
  return createAuthorizer(kinde, options as OptionalKeyOptions<Scope, Context>)(input);
}

/**
 * Compiles the pipeline of `kinde` for one set of options, once (a route or a middleware); call
 * the result per request. Options are checked here, so the per-request path does no setup work.
 *
 * @throws {TypeError} when `kinde` was not made by `createKindeKeys`, or the options are invalid
 * (e.g. a rate limit of 0)
 */
export function createAuthorizer<Context = unknown, Scope extends string = string>(
  kinde: KindeKeys<Scope>,
  options?: AuthorizeOptions<NoInfer<Scope>, Context> & { required?: true },
): Authorizer<Context>;
export function createAuthorizer<Context = unknown, Scope extends string = string>(
  kinde: KindeKeys<Scope>,
  options: OptionalKeyOptions<NoInfer<Scope>, Context>,
): Authorizer<Context, VerifiedApiKey | undefined>;
export function createAuthorizer<Context, Scope extends string>(
  kinde: KindeKeys<Scope>,
  options?: AuthorizeOptions<Scope, Context>,
): Authorizer<Context, VerifiedApiKey | undefined> {
  const pipeline = compilePipeline(internalsOf(kinde, "createAuthorizer"), options);
  return (input) => {
    const outcome = pipeline(input);
    return isPromiseLike(outcome) ? outcome : Promise.resolve(outcome);
  };
}

/** What the pipeline needs from a client (its hidden internals). */
export interface AuthorizerDeps {
  /** Verifies a key; a synchronous cache hit may answer without a promise. */
  verify(apiKey: string, options?: PipelineVerifyOptions): MaybePromise<VerifyResult>;
  /** Whether a key is cached as valid; only asked by `failedAttempts`, for a client over its limit. */
  peekCached(apiKey: string): MaybePromise<boolean>;
  /** The client's logger, already safe to call. */
  readonly logger: Logger | undefined;
  /** Deadline of a store call, in ms (`storeTimeoutMs`). */
  readonly storeTimeoutMs: number;
}

// One memory rate-limit store per client (keyed by its internals), made on first use and shared by
// all its routes. Kept here rather than on the client, so an app that only verifies keys does not
// bundle it.
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

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** A request without credentials on a route where the key is optional. */
const ANONYMOUS: AuthorizeSuccess<undefined> = Object.freeze({
  ok: true,
  key: undefined,
  headers: NO_HEADERS,
});
/** Route options an anonymous request would pass unchecked, so `required: false` refuses them. */
const NEED_A_KEY = ["scopes", "orgCode", "owner", "apiId"] as const;
const REASON_CODES = {
  missing: "MISSING_KEY",
  malformed: "INVALID_REQUEST",
  invalid: "INVALID_KEY",
  revoked: "KEY_REVOKED",
  inactive: "KEY_INACTIVE",
} as const satisfies Record<string, DenialCode>;

/**
 * The pipeline as the adapter kit runs it: like {@link createAuthorizer}'s, but a request decided
 * without waiting (a synchronous cache hit, no store or `orgCode` promise) is answered as a value,
 * not a promise, so a warm-cache request takes no microtask hop. Never throws or rejects. Internal
 * to core and its adapter kit.
 *
 * @throws {TypeError} when `kinde` was not made by `createKindeKeys`, or the options are invalid
 */
export function createPipeline<Context, Scope extends string>(
  kinde: KindeKeys<Scope>,
  options?: OptionalKeyOptions<Scope, Context>,
): Pipeline<Context> {
  return compilePipeline(internalsOf(kinde, "createAuthorizer"), options);
}

/** A compiled pipeline that may answer at once; see {@link createPipeline}. */
export type Pipeline<Context> = (
  input: AuthorizeInput<Context>,
) => MaybePromise<AuthorizeResult<VerifiedApiKey | undefined>>;

/** Compiles the pipeline from a client's parts; see {@link createAuthorizer}. */
function compilePipeline<Scope extends string, Context>(
  deps: ClientInternals,
  options: AuthorizeOptions<Scope, Context> = {},
): Pipeline<Context> {
  const realm = options.realm ?? "api";
  const extract = resolveExtractOptions(options);
  if (!extract.required) checkOptionalKey(options);
  const scopes: readonly string[] = options.scopes ?? [];
  const scopeMode = options.scopeMode ?? "all";
  const defaultStore = defaultStoreOf(deps);
  const rateLimit = options.rateLimit
    ? resolveRateLimit(options.rateLimit, defaultStore, deps.storeTimeoutMs)
    : undefined;
  const guard = resolveFailedAttempts(options.failedAttempts, defaultStore, deps.logger);
  const { owner, onError } = options;
  const { logger } = deps;
  const ownerRule = ownerRuleOf(options);
  const belongs = options.apiId === undefined ? undefined : apiBinding(deps, options.apiId);

  function finish(denial: AuthorizeDenial, error?: unknown): AuthorizeDenial {
    return reshape(onError, denial, error, logger);
  }

  function unavailable(error: unknown): AuthorizeDenial {
    return unavailableDenial(error, { realm, onError, logger });
  }

  /** Rate limit, owner and scopes of a verified key; at once unless a store or `orgCode` waits. */
  function decide(
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
  ): MaybePromise<AuthorizeResult> {
    return rateLimit ? limited(key, input, rateLimit) : owned(key, input, NO_HEADERS);
  }

  async function limited(
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
    limit: NonNullable<typeof rateLimit>,
  ): Promise<AuthorizeResult> {
    let headers = NO_HEADERS;
    try {
      const decision = checkDecision(
        await limit.store.consume(limit.keyPrefix + key.keyId, limit.limit, limit.windowMs),
      );
      headers = rateLimitHeaders(limit, decision);
      if (!decision.allowed) {
        const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
        return finish(
          deny("RATE_LIMITED", { realm, headers: { ...headers, "retry-after": retryAfter } }),
        );
      }
    } catch (error) {
      // A store that fails, or answers something that is not a decision.
      if (limit.onStoreError === "deny") return unavailable(error);
    }
    return owned(key, input, headers);
  }

  /** The owner rule (an `orgCode` function may answer later), then {@link judge}. */
  function owned(
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
    headers: Readonly<Record<string, string>>,
  ): MaybePromise<AuthorizeResult> {
    // An `orgCode` function that threw or rejected: the request cannot be matched to an org.
    const mismatch = (error: unknown) => finish(deny("ORG_MISMATCH", { realm }), error);
    let pending: MaybePromise<OwnerRule>;
    try {
      pending = ownerRule(input, owner);
    } catch (error) {
      return mismatch(error);
    }
    return isPromiseLike(pending)
      ? pending.then((rule) => judge(key, rule, headers), mismatch)
      : judge(key, pending, headers);
  }

  function judge(
    key: VerifiedApiKey,
    rule: OwnerRule,
    headers: Readonly<Record<string, string>>,
  ): AuthorizeResult {
    const ownership = checkOwner(key, rule);
    if (!ownership.ok) return finish(deny(ownership.code, { realm }));
    const scopeCheck = checkScopes(key, scopes, { mode: scopeMode });
    if (!scopeCheck.ok) {
      return finish(
        deny("INSUFFICIENT_SCOPE", {
          realm,
          requiredScopes: scopes,
          missingScopes: scopeCheck.missing,
        }),
      );
    }
    return { ok: true, key, headers };
  }

  /** The pipeline after verification: the key's refusal, or its API, rate limit, owner, scopes. */
  function afterVerify(
    result: VerifyResult,
    input: AuthorizeInput<Context>,
  ): MaybePromise<AuthorizeResult> {
    if (!result.valid) return finish(deny(REASON_CODES[result.reason], { realm }));
    if (belongs) return bound(result, input, belongs);
    return andThen(decide(result.key, input), (decided) => marked(result, decided));
  }

  async function bound(
    result: VerifyResult & { valid: true },
    input: AuthorizeInput<Context>,
    binding: NonNullable<typeof belongs>,
  ): Promise<AuthorizeResult> {
    // The audit trail names whose request was refused; a pass carries its key already.
    if (!(await binding(result.key, input.signal))) {
      return withRefusedKey(finish(deny("WRONG_API", { realm })), result.key);
    }
    return marked(result, await decide(result.key, input));
  }

  /** A refusal names the verified key; a pass accepted stale says so. */
  function marked(
    result: VerifyResult & { valid: true },
    decided: AuthorizeResult,
  ): AuthorizeResult {
    if (!decided.ok) return withRefusedKey(decided, result.key);
    return result.stale ? { ...decided, stale: true } : decided;
  }

  /** 429 for a client over its failed-attempt limit whose key is not cached as valid. */
  async function throttled(
    failures: FailedAttemptGuard,
    client: string,
    apiKey: string,
  ): Promise<AuthorizeDenial | undefined> {
    const seconds = await failures.blockedFor(client);
    if (seconds === undefined || (await deps.peekCached(apiKey))) return undefined;
    const headers = { "retry-after": String(seconds) };
    return finish(deny("TOO_MANY_FAILED_ATTEMPTS", { realm, headers }));
  }

  /** The pipeline with `failedAttempts`: the client is asked for, refusals are counted. */
  async function guarded(
    input: AuthorizeInput<Context>,
    failures: FailedAttemptGuard,
  ): Promise<AuthorizeResult<VerifiedApiKey | undefined>> {
    try {
      const extracted = extractWith(input.headers, extract);
      const client = await failures.clientOf(input.context);
      if (!extracted.ok) {
        if (extracted.reason === "missing" && !extract.required) return ANONYMOUS;
        if (client && extracted.reason === "malformed") await failures.count(client);
        return finish(deny(REASON_CODES[extracted.reason], { realm, error: extracted.message }));
      }
      const blocked = client && (await throttled(failures, client, extracted.apiKey));
      if (blocked) return blocked;
      const result = await deps.verify(extracted.apiKey, input as PipelineInput<Context>);
      if (!result.valid && client && result.reason === "invalid") await failures.count(client);
      return await afterVerify(result, input);
    } catch (error) {
      // Fail closed: whatever went wrong, the request does not pass and nothing leaks.
      return unavailable(error);
    }
  }

  return (input) => {
    if (guard) return guarded(input, guard);
    try {
      const extracted = extractWith(input.headers, extract);
      if (!extracted.ok) {
        if (extracted.reason === "missing" && !extract.required) return ANONYMOUS;
        return finish(deny(REASON_CODES[extracted.reason], { realm, error: extracted.message }));
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

/**
 * `required: false` lets a request without credentials through, so a rule about the key (scopes,
 * organization, owner, API) would be skipped for exactly the requests it should stop. The adapter
 * kit calls it too, where the pipeline itself is compiled only on the first request.
 *
 * @throws {TypeError} when such a rule is set
 */
export function checkOptionalKey(
  options: Partial<Record<(typeof NEED_A_KEY)[number], unknown>>,
): void {
  for (const name of NEED_A_KEY) {
    const value = options[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new TypeError(
      `\`required: false\` cannot be combined with \`${name}\`: a request without an API key would pass it unchecked. Use requireScopes or a separate route for the key's rules`,
    );
  }
}
