/**
 * @module kinde/verify
 * Verifying a key: a local format check, then the cache, then one shared call to Kinde per key.
 * Anything about the key is a {@link VerifyResult}; anything about Kinde or the setup is a thrown
 * {@link KindeKeysError}. Results are cached under one SHA-256 of the client's namespace (Kinde
 * origin, M2M client id) and the key, never the key: deployments sharing a store never meet.
 *
 * Hashing and the cache may each answer synchronously (node:crypto, the memory store) or with a
 * promise (Web Crypto, Redis); one lookup path serves all four, and a synchronous cache hit is
 * answered with a single resolved promise.
 */
import { sha256 } from "#hash";
import { isWellFormedApiKey } from "../key-format.ts";
import type { Logger, VerifyEvent, VerifyResult } from "../types.ts";
import { raceAbort } from "./abort.ts";
import type { Budget } from "./budget.ts";
import { coalesce } from "./coalesce.ts";
import type { Health } from "./health.ts";
import { andThen, isPromiseLike, type MaybePromise } from "./maybe-async.ts";
import { guardMisses } from "./miss-guard.ts";
import { keyIdName } from "./namespace.ts";
import type { GuardedCache } from "./store-guard.ts";
import type { TokenManager } from "./token.ts";
import type { HttpSettings } from "./transport.ts";
import { askKinde } from "./verify-call.ts";
import { reportWhenSettled, verifyReporter } from "./verify-events.ts";

/** Options of a single `verify()` call. */
export interface VerifyOptions {
  /** Aborts waiting for this call; a call shared with other callers keeps running for them. */
  signal?: AbortSignal;
}

/**
 * Options the request pipeline passes: besides a ready signal, a source of one that is called only
 * when Kinde must be asked, so a warm-cache answer never pays for creating a signal. Internal: not
 * part of the public `verify()` options.
 */
export interface PipelineVerifyOptions extends VerifyOptions {
  /**
   * Makes the caller's abort signal; called with these options (so one function can serve every
   * request), at most once, and only on a cache miss.
   */
  signalSource?(options: this): AbortSignal | undefined;
}

/** What the verifier needs from its client. */
export interface VerifierDeps {
  readonly http: HttpSettings;
  readonly tokens: TokenManager;
  readonly cache: GuardedCache | undefined;
  /** `${origin}\n${clientId}\n`: prefixed to every key before its one hash. */
  readonly namespace: string;
  readonly onVerify: ((event: VerifyEvent) => unknown) | undefined;
  readonly logger: Logger | undefined;
  /** Kinde's health: the logs and the circuit breaker. */
  readonly health: Health;
  /** The budget of calls for cache misses, if any. */
  readonly budget: Budget | undefined;
  /** The `keyPattern` test, if any: a key it refuses is invalid without a call. */
  readonly keyPattern: ((apiKey: string) => boolean) | undefined;
  /** The positive cache's time to live and stale-if-error window (0 without a cache). */
  readonly ttlMs: number;
  readonly staleIfErrorMs: number;
}

/** The verify half of a client. */
export interface Verifier {
  verify(apiKey: string | null | undefined, options?: PipelineVerifyOptions): Promise<VerifyResult>;
  /**
   * {@link Verifier.verify} without the promise where none is needed: a synchronous hash and cache
   * hit (node:crypto, the memory store) answer at once, so the request pipeline's warm path takes no
   * microtask hop.
   */
  check(
    apiKey: string | null | undefined,
    options?: PipelineVerifyOptions,
  ): MaybePromise<VerifyResult>;
  invalidate(apiKey: string): Promise<void>;
  /**
   * Whether `apiKey` is cached as valid, without asking Kinde or counting as a verification. For
   * the failed-attempt throttle, which lets such a key through; never on the warm path.
   */
  peekCached(apiKey: string): MaybePromise<boolean>;
  invalidateKeyId(keyId: string): Promise<void>;
}

/** Creates the verifier of one client. */
export function createVerifier(deps: VerifierDeps): Verifier {
  const { cache, namespace } = deps;
  const report = verifyReporter(deps.onVerify, deps.logger);
  const misses = guardMisses({
    ask: (apiKey) => askKinde(deps.http, deps.tokens, apiKey),
    budget: deps.budget,
    health: deps.health,
    ttlMs: deps.ttlMs,
    staleIfErrorMs: deps.staleIfErrorMs,
  });
  const calls = coalesce(misses.ask, cache);

  /** The cache, else Kinde; synchronous for a synchronous cache hit. */
  function lookup(
    hash: string,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): MaybePromise<VerifyResult> {
    if (!cache) return fromKinde(hash, apiKey, started, abort);
    return andThen(cache.get(hash), (hit) => {
      if (!hit) return fromKinde(hash, apiKey, started, abort);
      report?.(apiKey, started, true, hit);
      return hit;
    });
  }

  /**
   * Joins the call to Kinde for this key; this caller alone may stop waiting. The caller's signal is
   * made here, on the miss path only.
   */
  function fromKinde(
    hash: string,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): Promise<VerifyResult> {
    const signal = abort.signal ?? abort.signalSource?.(abort);
    const answer = raceAbort(calls.join(hash, apiKey), signal);
    return report ? reportWhenSettled(answer, report, apiKey, started) : answer;
  }

  /** {@link Verifier.check}: the answer now when hashing and the cache answer now. */
  function check(
    apiKey: string | null | undefined,
    options: PipelineVerifyOptions = {},
  ): MaybePromise<VerifyResult> {
    const started = report ? performance.now() : 0;
    const local = localVerdict(apiKey, deps.keyPattern);
    if (local) {
      report?.(apiKey, started, false, local);
      return local;
    }
    const key = apiKey as string;
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    return andThen(sha256(namespace + key), (hash) => lookup(hash, key, started, options));
  }

  return {
    check,
    verify(apiKey, options) {
      const answer = check(apiKey, options);
      return isPromiseLike(answer) ? answer : Promise.resolve(answer);
    },
    async invalidate(apiKey) {
      // Trimmed as extraction trims a header, so a key pasted with a newline still matches.
      const key = typeof apiKey === "string" ? apiKey.trim() : apiKey;
      if (!isWellFormedApiKey(key)) return;
      const hash = await sha256(namespace + key);
      misses.forget(hash);
      calls.detach(hash);
      await cache?.forget(hash);
    },
    async invalidateKeyId(keyId) {
      if (typeof keyId !== "string" || !keyId) throw new TypeError("keyId must be a key id.");
      if (cache) await cache.forgetKeyId(await keyIdName(namespace, keyId));
    },
    peekCached(apiKey) {
      if (!cache) return false;
      return andThen(sha256(namespace + apiKey), (hash) =>
        andThen(cache.get(hash), (hit) => hit?.valid === true),
      );
    },
  };
}

// Frozen: every caller gets these same objects.
const MISSING: VerifyResult = Object.freeze({ valid: false, reason: "missing" });
const MALFORMED: VerifyResult = Object.freeze({ valid: false, reason: "malformed" });
const INVALID: VerifyResult = Object.freeze({ valid: false, reason: "invalid" });

/** What can be decided without Kinde: no key, one that cannot be a key, or not of `keyPattern`. */
function localVerdict(
  apiKey: string | null | undefined,
  keyPattern: ((apiKey: string) => boolean) | undefined,
): VerifyResult | undefined {
  if (apiKey === undefined || apiKey === null || apiKey === "") return MISSING;
  if (!isWellFormedApiKey(apiKey)) return MALFORMED;
  return keyPattern && !keyPattern(apiKey) ? INVALID : undefined;
}
