/**
 * @module adapter/gate
 * The per-request half of every adapter's `kindeApiKey`: build the client and compile the pipeline
 * once, then per request read the headers and run the pipeline with an abort signal made only if
 * Kinde must be asked. The outcome is the verified key or a refusal the pipeline already checked can
 * be sent as it is (`request/sendable`). An adapter supplies how to read its framework's request
 * ({@link RequestAccess}) and writes the outcome; it needs no try/catch of its own.
 */

import { createKindeKeys } from "../client.ts";
import type { KindeEnv } from "../config.ts";
import { isKindeKeysError } from "../errors.ts";
import type { MaybePromise } from "../kinde/maybe-async.ts";
import { loggerOf } from "../logger.ts";
import { unavailableDenial } from "../request/answers.ts";
import {
  type AuthorizeResult,
  checkOptionalKey,
  createPipeline,
  type Pipeline,
  type PipelineInput,
} from "../request/authorize.ts";
import { resolveExtractOptions } from "../request/extract.ts";
import type { HeadersInput, VerifiedApiKey } from "../types.ts";
import type { AdapterOptions } from "./options.ts";
import { preflightCheck } from "./preflight.ts";

/**
 * How an adapter reads its framework's request. `Context` is what an `orgCode` function receives
 * (Express's `req`, Koa's `ctx`, Hono's `c`); `Extra` is anything else the adapter has at hand
 * per request (Express's `res`).
 */
export interface RequestAccess<Context, Extra = void> {
  /**
   * The request's headers. `names` lists, lower-case, the fields the route reads: a reader may
   * return only those (see `nodeHeaders`), but must keep a repeated field visible.
   */
  headers(names: readonly string[], context: Context, extra: Extra): HeadersInput;
  /**
   * An abort signal for a client that went away. Called only when Kinde must be asked, never on a
   * warm cache, so it may create one (see `nodeAbortSignal`).
   */
  signal(context: Context, extra: Extra): AbortSignal | undefined;
  /** The request's method, upper-case as HTTP sends it (to let CORS preflights through). */
  method(context: Context, extra: Extra): string;
  /**
   * Where the runtime keeps `KINDE_*` settings, for adapters that can only read them inside a
   * request (Hono's `env(c)`, the Fetch helper's `(request, env, ctx)`: Workers bindings). Given,
   * and with no `client` in the options, the
   * client is built on the first request, once; a failure answers 503 and is tried again next
   * request. Left out, the client is built when the gate is created and bad settings throw there.
   */
  env?(context: Context, extra: Extra): KindeEnv;
}

/**
 * The compiled per-request check of one middleware: the verified key (with response headers to set)
 * or a refusal to write as it is. Never throws or rejects. The key is `undefined` for a request that
 * passes without one: a CORS preflight, or no credentials on a route with `required: false`. A
 * request decided without waiting (a warm memory cache) is answered as a value, not a promise:
 * `await` works on both, and an adapter that tests for a promise (`isPromiseLike`) saves the
 * microtask hop on its warm path.
 */
export type Gate<Context, Extra = void> = (
  context: Context,
  extra: Extra,
) => MaybePromise<GateOutcome>;

/**
 * What a gate answers: the verified key (`undefined` for a request passed without one: a CORS
 * preflight, or no credentials with `required: false`) with the headers to set, or a refusal.
 */
export type GateOutcome = AuthorizeResult<VerifiedApiKey | undefined>;

/**
 * Compiles a middleware's check from its options, once.
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` when the client is built now (no `client`, no
 * `access.env`) and the settings are missing or unsafe
 * @throws {TypeError} for invalid route options, such as `required: false` with `scopes`
 * @example
 * ```ts
 * const gate = createGate(options, nodeAccess);
 * return async (req, res, next) => {
 *   const outcome = await gate(req, res); // or test isPromiseLike(outcome) to skip the hop
 *   // outcome.ok: store outcome.key, set outcome.headers, next(); else write the refusal as it is
 * };
 * ```
 */
export function createGate<Scope extends string, Context, Extra = void>(
  options: AdapterOptions<Scope, Context>,
  access: RequestAccess<Context, Extra>,
): Gate<Context, Extra> {
  const authorizerFor = authorizerSource(options, access.env);
  const extract = resolveExtractOptions(options);
  // Checked now, even where the pipeline is compiled on the first request (Hono's `env(c)`).
  if (!extract.required) checkOptionalKey(options);
  const names = extract.names;
  const isPreflight = preflightCheck(options, access);
  // One function for every request, fed the request's own input: no closure per request.
  const signalSource = (input: GateInput<Context, Extra>) =>
    access.signal(input.context, input.extra);
  return (context, extra) => {
    try {
      if (isPreflight?.(context, extra)) return PASS;
      const input: GateInput<Context, Extra> = {
        headers: access.headers(names, context, extra),
        context,
        extra,
        signalSource,
      };
      // The pipeline's own answer, not a wrapper: a warm-cache request pays for no extra hop.
      return authorizerFor(context, extra)(input);
    } catch (error) {
      // Only building the client can throw here; the pipeline itself never does.
      return unavailableDenial(error, options);
    }
  };
}

/** A request that passes untouched, with no key: nothing to store, no headers to set. */
const PASS: AuthorizeResult<undefined> = Object.freeze({
  ok: true,
  key: undefined,
  headers: Object.freeze({}),
});

/** The pipeline's input as the gate builds it: what the signal source needs rides along. */
interface GateInput<Context, Extra> extends PipelineInput<Context> {
  readonly context: Context;
  readonly extra: Extra;
}

/** The compiled pipeline: built now, or on the first request from the runtime's settings. */
function authorizerSource<Scope extends string, Context, Extra>(
  options: AdapterOptions<Scope, Context>,
  env: ((context: Context, extra: Extra) => KindeEnv) | undefined,
): (context: Context, extra: Extra) => Pipeline<Context> {
  if (options.client || !env) {
    const authorize = createPipeline(options.client ?? createKindeKeys<Scope>(options), options);
    return () => authorize;
  }
  let authorize: Pipeline<Context> | undefined;
  let logged = false;
  return (context, extra) => {
    try {
      // Options' own `env` wins over the runtime's, as for any other setting given in code.
      authorize ??= createPipeline(
        createKindeKeys<Scope>({ ...options, env: { ...env(context, extra), ...options.env } }),
        options,
      );
    } catch (error) {
      // Every request answers 503 until the settings are fixed: say why, once, not per request.
      // Configuration errors name the setting, never its value.
      const logger = loggerOf(options.logger);
      if (!logged) {
        logged = true;
        logger?.error?.(
          { code: isKindeKeysError(error) ? error.code : undefined },
          `kinde-keys: cannot build the Kinde client from the runtime's environment; every request answers 503 until it is fixed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      throw error;
    }
    return authorize;
  };
}
