/**
 * @module request/authorize
 * The request pipeline every adapter runs: extract → verify → rate limit → owner → scopes, ending in
 * either the verified key or a ready-to-send refusal from {@link deny}. It never throws and never
 * lets an error through as a pass: anything unexpected becomes a 503 (fail closed).
 */

import { isKindeKeysError } from "../errors.ts";
import type { VerifyOptions } from "../kinde/verify.ts";
import type { HeadersInput, VerifiedApiKey, VerifyResult } from "../types.ts";
import { type AuthorizeDenial, type DenialCode, deny } from "./answers.ts";
import { type ExtractOptions, extractApiKey, resolveExtractOptions } from "./extract.ts";
import { type CheckOwnerOptions, checkOwner, type OwnerRequirement } from "./owner.ts";
import {
  type RateLimitOptions,
  type RateLimitStore,
  rateLimitHeaders,
  resolveRateLimit,
} from "./rate-limit.ts";
import { checkScopes, type ScopeMode } from "./scopes.ts";

/** What the pipeline reads from a request. */
export interface AuthorizeInput<Context = unknown> {
  /** The request headers (Fetch `Headers` or a Node-style record). */
  headers: HeadersInput;
  /** The organization the request targets; overrides the `orgCode` option. */
  orgCode?: string | null;
  /** The framework's request or context, passed to an `orgCode` function. */
  context?: Context;
  /** Abort waiting for Kinde (e.g. the client went away). */
  signal?: AbortSignal;
}

/** Per-route rules of the pipeline. */
export interface AuthorizeOptions<Scope extends string = string, Context = unknown>
  extends ExtractOptions {
  /** Scopes the key must hold. Type-checked against the app's declared scope union. */
  scopes?: readonly Scope[];
  /**
   * `all`: every scope is required; `any`: one is enough.
   * @default "all"
   */
  scopeMode?: ScopeMode;
  /** Owner types allowed (`organization`, `user`, `environment`, or `tenant` for org-or-user). */
  owner?: OwnerRequirement | readonly OwnerRequirement[];
  /**
   * The organization the request is about: a value, or a function of the request/context
   * (e.g. `(req) => req.params.org`). Only keys of that organization pass. A function returning
   * `undefined` skips the check; one that throws refuses the request.
   */
  orgCode?: string | ((context: Context) => string | null | undefined);
  /** Per-key rate limit, counted by Kinde's key id. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Realm of the `WWW-Authenticate` challenge.
   * @default "api"
   */
  realm?: string;
  /**
   * Reshapes a refusal before it is sent, e.g. to match your API's error format. Return nothing to
   * keep it. If it throws, the original refusal is sent: a hook can never turn a refusal into a pass.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook with a block body and no `return` keeps the refusal
  onError?: (denial: AuthorizeDenial, error: unknown) => AuthorizeDenial | undefined | void;
}

/** The pipeline let the request through. `headers` (rate-limit fields) belong on the response. */
export interface AuthorizeSuccess {
  readonly ok: true;
  readonly key: VerifiedApiKey;
  readonly headers: Readonly<Record<string, string>>;
}

/** The outcome of the pipeline: the verified key, or the refusal to send as it is. */
export type AuthorizeResult = AuthorizeSuccess | AuthorizeDenial;

/** A pipeline compiled once for one set of options; call it per request. */
export type Authorizer<Context = unknown> = (
  input: AuthorizeInput<Context>,
) => Promise<AuthorizeResult>;

/** What the pipeline needs from a client. */
export interface AuthorizerDeps {
  verify(apiKey: string, options?: VerifyOptions): Promise<VerifyResult>;
  defaultRateLimitStore(): RateLimitStore;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
const REASON_CODES = {
  missing: "MISSING_KEY",
  malformed: "INVALID_REQUEST",
  invalid: "INVALID_KEY",
  revoked: "KEY_REVOKED",
  inactive: "KEY_INACTIVE",
} as const satisfies Record<string, DenialCode>;
const UNAVAILABLE_RETRY_SECONDS = 5;
const MAX_RETRY_SECONDS = 60;

/** Lets `onError` reshape a refusal; a hook that throws or returns nothing keeps the original. */
function reshape(
  onError: AuthorizeOptions["onError"],
  denial: AuthorizeDenial,
  error: unknown,
): AuthorizeDenial {
  if (!onError) return denial;
  try {
    const reshaped = onError(denial, error);
    return reshaped && reshaped.ok === false ? reshaped : denial;
  } catch {
    return denial;
  }
}

/**
 * The refusal for a request that could not be decided: 503 `VERIFICATION_UNAVAILABLE` with
 * `Retry-After` (Kinde's own hint when it gave one), passed through `onError`. The pipeline answers
 * this for every failure; adapters use it when the pipeline itself could not be built, e.g. a client
 * configured from Cloudflare Workers bindings that throws `CONFIG_INVALID` on the first request.
 */
export function unavailableDenial(
  error: unknown,
  options: Pick<AuthorizeOptions, "realm" | "onError"> = {},
): AuthorizeDenial {
  const hinted = isKindeKeysError(error) ? error.retryAfterSeconds : undefined;
  const seconds = Math.min(MAX_RETRY_SECONDS, Math.max(1, hinted ?? UNAVAILABLE_RETRY_SECONDS));
  const denial = deny("VERIFICATION_UNAVAILABLE", {
    realm: options.realm ?? "api",
    headers: { "retry-after": String(seconds) },
  });
  return reshape(options.onError, denial, error);
}

/**
 * The refusal for a route that needs scopes, given the key an earlier middleware verified. Adapters'
 * `requireScopes` use it so all of them answer alike; with no verified key it answers 401.
 */
export function authorizeScopes(
  key: VerifiedApiKey | undefined,
  required: readonly string[],
  options: { mode?: ScopeMode; realm?: string } = {},
): AuthorizeResult {
  const realm = options.realm ?? "api";
  if (!key) return deny("MISSING_KEY", { realm });
  const check = checkScopes(key, required, { mode: options.mode });
  if (check.ok) return { ok: true, key, headers: NO_HEADERS };
  return deny("INSUFFICIENT_SCOPE", {
    realm,
    requiredScopes: required,
    missingScopes: check.missing,
  });
}

/**
 * Compiles the pipeline for one set of options. Options are checked and normalised here, once, so
 * the per-request path does no setup work.
 * @throws {TypeError} when the options are invalid (e.g. a rate limit of 0)
 */
export function createAuthorizer<Scope extends string, Context>(
  deps: AuthorizerDeps,
  options: AuthorizeOptions<Scope, Context> = {},
): Authorizer<Context> {
  const realm = options.realm ?? "api";
  const extract = resolveExtractOptions(options);
  const scopes: readonly string[] = options.scopes ?? [];
  const scopeMode = options.scopeMode ?? "all";
  const rateLimit = options.rateLimit
    ? resolveRateLimit(options.rateLimit, deps.defaultRateLimitStore)
    : undefined;
  const { orgCode, owner, onError } = options;

  function finish(denial: AuthorizeDenial, error?: unknown): AuthorizeDenial {
    return reshape(onError, denial, error);
  }

  function unavailable(error: unknown): AuthorizeDenial {
    return unavailableDenial(error, { realm, onError });
  }

  function targetOrg(input: AuthorizeInput<Context>): string | null | undefined {
    if (input.orgCode !== undefined) return input.orgCode;
    return typeof orgCode === "function" ? orgCode(input.context as Context) : orgCode;
  }

  async function decide(
    key: VerifiedApiKey,
    input: AuthorizeInput<Context>,
  ): Promise<AuthorizeResult> {
    let headers = NO_HEADERS;
    if (rateLimit) {
      try {
        const decision = await rateLimit.store.consume(
          rateLimit.keyPrefix + key.keyId,
          rateLimit.limit,
          rateLimit.windowMs,
        );
        headers = rateLimitHeaders(rateLimit, decision);
        if (!decision.allowed) {
          const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
          return finish(
            deny("RATE_LIMITED", { realm, headers: { ...headers, "retry-after": retryAfter } }),
          );
        }
      } catch (error) {
        if (rateLimit.onStoreError === "deny") return unavailable(error);
      }
    }
    let org: CheckOwnerOptions["orgCode"];
    try {
      org = targetOrg(input);
    } catch (error) {
      return finish(deny("ORG_MISMATCH", { realm }), error);
    }
    const ownership = checkOwner(key, { owner, orgCode: org });
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

  return async (input) => {
    try {
      const extracted = extractApiKey(input.headers, extract);
      if (!extracted.ok) return finish(deny(REASON_CODES[extracted.reason], { realm }));
      const result = await deps.verify(extracted.apiKey, { signal: input.signal });
      if (!result.valid) return finish(deny(REASON_CODES[result.reason], { realm }));
      return await decide(result.key, input);
    } catch (error) {
      // Fail closed: whatever went wrong, the request does not pass and nothing leaks.
      return unavailable(error);
    }
  };
}
