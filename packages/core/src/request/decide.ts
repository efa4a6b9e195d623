/**
 * @module request/decide
 * What the pipeline asks of a verified key: its rate limit, then its owner (an `orgCode` function may
 * answer later), then its scopes. Answered at once unless a rate-limit store or an `orgCode`
 * function makes it wait, so a warm-cache request takes no promise hop.
 */
import { isPromiseLike, type MaybePromise } from "../kinde/maybe-async.ts";
import type { VerifiedApiKey } from "../types.ts";
import { deny } from "./answers.ts";
import type { AuthorizeInput, AuthorizeOptions, AuthorizeResult } from "./authorize-types.ts";
import { checkOwner } from "./owner.ts";
import { type OwnerRule, ownerRuleOf } from "./owner-rule.ts";
import {
  checkDecision,
  type RateLimitStore,
  type ResolvedRateLimit,
  rateLimitHeaders,
  resolveRateLimit,
} from "./rate-limit.ts";
import type { Refusals } from "./refusals.ts";
import { checkScopes } from "./scopes.ts";

/** The checks of a verified key on one route: the pass with its headers, or a refusal. */
export type Decide<Context> = (
  key: VerifiedApiKey,
  input: AuthorizeInput<Context>,
) => MaybePromise<AuthorizeResult>;

type Headers = Readonly<Record<string, string>>;
const NO_HEADERS: Headers = Object.freeze({});

/**
 * Compiles the route's rate limit, owner and scope rules, once.
 *
 * @param defaultStore the client's memory rate-limit store, made when first asked for
 * @param storeTimeoutMs deadline of a rate-limit store call
 * @throws {TypeError} for an invalid rate limit (e.g. a limit of 0)
 */
export function compileDecide<Scope extends string, Context>(
  options: AuthorizeOptions<Scope, Context>,
  refusals: Refusals,
  defaultStore: () => RateLimitStore,
  storeTimeoutMs: number,
): Decide<Context> {
  const { realm, finish } = refusals;
  const scopes: readonly string[] = options.scopes ?? [];
  const scopeMode = options.scopeMode ?? "all";
  const { owner } = options;
  const ownerRule = ownerRuleOf(options);
  const limit = options.rateLimit
    ? resolveRateLimit(options.rateLimit, defaultStore, storeTimeoutMs)
    : undefined;

  /** The owner rule (an `orgCode` function may answer later), then {@link judge}. */
  function owned(
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
    headers: Headers,
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

  /** Owner and scopes of the key against the request's rule. */
  function judge(key: VerifiedApiKey, rule: OwnerRule, headers: Headers): AuthorizeResult {
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

  return limit
    ? rateLimited(limit, refusals, owned)
    : (key, input) => owned(key, input, NO_HEADERS);
}

/**
 * The rate-limit step: consumes the key's share of `rule`, then hands the request to `next` with
 * the rate-limit fields. A store that fails, or answers something that is not a decision, lets the
 * request on or refuses it, as the rule's `onStoreError` says.
 */
function rateLimited<Context>(
  rule: ResolvedRateLimit,
  refusals: Refusals,
  next: (
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
    headers: Headers,
  ) => MaybePromise<AuthorizeResult>,
): Decide<Context> {
  const { realm, finish } = refusals;
  return async (key, input) => {
    let headers = NO_HEADERS;
    try {
      const decision = checkDecision(
        await rule.store.consume(rule.keyPrefix + key.keyId, rule.limit, rule.windowMs),
      );
      headers = rateLimitHeaders(rule, decision);
      if (!decision.allowed) {
        const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
        return finish(
          deny("RATE_LIMITED", { realm, headers: { ...headers, "retry-after": retryAfter } }),
        );
      }
    } catch (error) {
      if (rule.onStoreError === "deny") return refusals.unavailable(error);
    }
    return next(key, input, headers);
  };
}
