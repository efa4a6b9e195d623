import type { MaybePromise } from "../kinde/maybe-async.ts";
import type { PipelineVerifyOptions } from "../kinde/verify.ts";
import type { HeadersInput, Logger, VerifiedApiKey, VerifyResult } from "../types.ts";
import type { AuthorizeDenial, RefusalHook } from "./answers.ts";
import type { ExtractOptions } from "./extract.ts";
import type { FailedAttemptsOptions } from "./failed-attempts.ts";
import type { OwnerRequirement } from "./owner.ts";
import type { RateLimitOptions } from "./rate-limit.ts";
import type { ScopeMode } from "./scopes.ts";

/** What the pipeline reads from a request. */
export interface AuthorizeInput<Context = unknown> {
  /** The request headers (Fetch `Headers` or a Node-style record). */
  headers: HeadersInput;
  /**
   * The organization the request targets; overrides the `orgCode` option. When the property is
   * present, `undefined`, `null` or `""` refuses (403 `ORG_MISMATCH`); leave it out to use the
   * option.
   */
  orgCode?: string | null | undefined;
  /** The framework's request or context, passed to an `orgCode` function. */
  context?: Context;
  /** Abort waiting for Kinde (e.g. the client went away). */
  signal?: AbortSignal;
}

/**
 * What the adapter kit hands the pipeline: an {@link AuthorizeInput} whose abort signal may come
 * from `signalSource`, called with this input, only when Kinde must be asked (a warm-cache answer
 * never creates one). Internal to core and its adapter kit.
 */
export interface PipelineInput<Context = unknown> extends AuthorizeInput<Context> {
  signalSource?(input: this): AbortSignal | undefined;
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
   * The organization the request is about: a value, or a function of the request/context, possibly
   * async (e.g. `(req) => req.params.org`). Only keys of that organization pass. A function that
   * answers `undefined`, `null` or `""`, throws or rejects refuses the request (403
   * `ORG_MISMATCH`): the check is skipped only where `orgCode` is not configured.
   */
  orgCode?: string | ((context: Context) => MaybePromise<string | null | undefined>);
  /** Per-key rate limit, counted by Kinde's key id. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Your Kinde API's id: only keys issued for it pass (403 `WRONG_API`). The key's `api_ids` are
   * read once per key id (`GET /api/v1/api_keys/{id}`, `read:api_keys`) and kept as long as its
   * verification is cached. Without it, a key of another API of your Kinde business passes.
   */
  apiId?: string;
  /**
   * Throttles clients that keep failing: refused keys (`INVALID_KEY`) and malformed credentials
   * are counted per `clientKey`; over `limit` per `windowMs`, a client's request gets 429
   * `TOO_MANY_FAILED_ATTEMPTS` with `Retry-After` before any call to Kinde, unless its key is
   * already cached as valid. Off unless `clientKey` is given; a store failure lets requests through.
   */
  failedAttempts?: FailedAttemptsOptions<Context>;
  /**
   * Realm of the `WWW-Authenticate` challenge.
   * @default "api"
   */
  realm?: string;
  /**
   * Reshapes a refusal before it is sent, e.g. to match your API's error format; return nothing to
   * keep it. It must answer synchronously. What it returns is checked once, in core: an object with
   * `ok: false`, a status of the refusal table (400, 401, 403, 429, 503), a headers record of names
   * and values HTTP can carry, a body that serialises to a JSON object. Anything else, a throw or a
   * promise keeps the original refusal (and is logged): a hook can never turn a refusal into a pass.
   */
  onError?: RefusalHook;
}

/**
 * The pipeline let the request through. `headers` (rate-limit fields) belong on the response.
 * `Key` is `VerifiedApiKey | undefined` for a route with `required: false`, where a request without
 * credentials passes with no key.
 */
export interface AuthorizeSuccess<Key extends VerifiedApiKey | undefined = VerifiedApiKey> {
  readonly ok: true;
  readonly key: Key;
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the key was accepted stale, Kinde being unavailable (`cache.staleIfErrorMs`). */
  readonly stale?: true;
}

/** The outcome of the pipeline: the verified key, or the refusal to send as it is. */
export type AuthorizeResult<Key extends VerifiedApiKey | undefined = VerifiedApiKey> =
  | AuthorizeSuccess<Key>
  | AuthorizeDenial;

/** A pipeline compiled once for one set of options; call it per request. */
export type Authorizer<
  Context = unknown,
  Key extends VerifiedApiKey | undefined = VerifiedApiKey,
> = (input: AuthorizeInput<Context>) => Promise<AuthorizeResult<Key>>;

/** Options of a route where the key is optional (`required: false`): no checks that need a key. */
export type OptionalKeyOptions<Scope extends string = string, Context = unknown> = AuthorizeOptions<
  Scope,
  Context
> & { required?: boolean };

/** What the pipeline needs from a client (its hidden internals). */
export interface AuthorizerDeps {
  /**
   * Verifies a key extraction found well formed (its format is not checked again); a synchronous
   * cache hit may answer without a promise, and a refusal decided at once (the verify budget) may
   * be thrown at once: call it inside the step's `try`.
   */
  verify(apiKey: string, options?: PipelineVerifyOptions): MaybePromise<VerifyResult>;
  /** Whether a key is cached as valid; only asked by `failedAttempts`, for a client over its limit. */
  peekCached(apiKey: string): MaybePromise<boolean>;
  /** The client's logger, already safe to call. */
  readonly logger: Logger | undefined;
  /** Deadline of a store call, in ms (`storeTimeoutMs`). */
  readonly storeTimeoutMs: number;
}
