/**
 * @module request/authorize
 * The request pipeline every adapter runs: extract → verify → rate limit → owner → scopes, ending in
 * either the verified key or a ready-to-send refusal. Its entry points are here; the steps it is
 * composed of are `pipeline.ts` and the files it names. It never throws and never lets an error
 * through as a pass: anything unexpected becomes a 503 (fail closed).
 *
 * The pipeline is a function of a client, not a method of it: an app that only calls
 * `kinde.verify()` (an edge function, a queue consumer) does not bundle the request side at all.
 */
import type { KindeKeys } from "../client.ts";
import { internalsOf } from "../internals.ts";
import { isPromiseLike } from "../kinde/maybe-async.ts";
import type { VerifiedApiKey } from "../types.ts";
import type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  OptionalKeyOptions,
} from "./authorize-types.ts";
import { compilePipeline, type Pipeline } from "./pipeline.ts";

export type {
  AuthorizeInput,
  AuthorizeOptions,
  AuthorizeResult,
  Authorizer,
  AuthorizerDeps,
  AuthorizeSuccess,
  OptionalKeyOptions,
  PipelineInput,
} from "./authorize-types.ts";
export { checkOptionalKey } from "./optional-key.ts";
export type { Pipeline } from "./pipeline.ts";

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
