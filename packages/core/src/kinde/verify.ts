/**
 * @module kinde/verify
 * Verifying a key: a local format check, then the cache, then one shared call to Kinde per key.
 * Anything about the key is a {@link VerifyResult}; anything about Kinde or the setup is a thrown
 * {@link KindeKeysError}. Results are cached under a hash of the key within the client's namespace
 * (Kinde origin, M2M client id; see `namespace.ts`), never the key: deployments sharing a store
 * never meet.
 *
 * Hashing and the cache may each answer synchronously (node:crypto, the memory store) or with a
 * promise (Web Crypto, Redis); one lookup path (`lookup.ts`) serves all four, and `verify()` answers
 * a synchronous cache hit with a single resolved promise.
 */
import { isWellFormedApiKey } from "../key-format.ts";
import type { Logger, VerifyEvent, VerifyResult } from "../types.ts";
import type { Budget } from "./budget.ts";
import { coalesce } from "./coalesce.ts";
import type { Health } from "./health.ts";
import { createLookup } from "./lookup.ts";
import { andThen, isPromiseLike, type MaybePromise } from "./maybe-async.ts";
import { guardMisses } from "./miss-guard.ts";
import { entryNamer, keyIdName } from "./namespace.ts";
import type { GuardedCache } from "./store-guard.ts";
import type { TokenManager } from "./token.ts";
import type { HttpSettings } from "./transport.ts";
import { askKinde } from "./verify-call.ts";
import { verifyReporter } from "./verify-events.ts";

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
  /** `${origin}\n${clientId}\n`: what the names of the client's entries are made within. */
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
   * microtask hop. A refusal decided at once (the verify budget) is thrown at once, for the same
   * reason: under a spray of junk keys it is most requests.
   *
   * @throws {KindeKeysError} `BUDGET_EXHAUSTED`, synchronously, when the hash and cache answered now
   */
  check(
    apiKey: string | null | undefined,
    options?: PipelineVerifyOptions,
  ): MaybePromise<VerifyResult>;
  /**
   * {@link Verifier.check} of a key the request pipeline extracted, which extraction already found
   * well formed: the format is not checked twice (`keyPattern` still is). Throws as `check` does.
   */
  checkExtracted(apiKey: string, options?: PipelineVerifyOptions): MaybePromise<VerifyResult>;
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
  const nameOf = entryNamer(namespace, cache?.naming ?? "own");
  const { keyPattern } = deps;
  const checkExtracted = createLookup({ cache, nameOf, misses, calls, report, keyPattern });

  /** {@link Verifier.check}: the format, then the lookup. */
  function check(
    apiKey: string | null | undefined,
    options?: PipelineVerifyOptions,
  ): MaybePromise<VerifyResult> {
    const verdict =
      apiKey === undefined || apiKey === null || apiKey === ""
        ? MISSING
        : isWellFormedApiKey(apiKey)
          ? undefined
          : MALFORMED;
    if (!verdict) return checkExtracted(apiKey as string, options);
    report?.(apiKey, performance.now(), false, verdict);
    return verdict;
  }

  return {
    check,
    checkExtracted,
    verify(apiKey, options) {
      try {
        const answer = check(apiKey, options);
        return isPromiseLike(answer) ? answer : Promise.resolve(answer);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async invalidate(apiKey) {
      // Trimmed as extraction trims a header, so a key pasted with a newline still matches.
      const key = typeof apiKey === "string" ? apiKey.trim() : apiKey;
      if (!isWellFormedApiKey(key)) return;
      const hash = await nameOf(key);
      misses.forget(hash);
      calls.detach(hash);
      await cache?.forget(hash);
    },
    async invalidateKeyId(keyId) {
      if (typeof keyId !== "string" || !keyId) throw new TypeError("keyId must be a key id.");
      // This instance's memory of its keys seen valid too: stale-if-error must not answer for them.
      // And no later request may join a call that began before (its answer may predate this).
      misses.forgetKeyId(keyId);
      calls.detachAll();
      if (cache) await cache.forgetKeyId(await keyIdName(namespace, keyId));
    },
    peekCached(apiKey) {
      if (!cache) return false;
      return andThen(nameOf(apiKey), (hash) =>
        andThen(cache.get(hash), (hit) => hit?.valid === true),
      );
    },
  };
}

// Frozen: every caller gets these same objects.
const MISSING: VerifyResult = Object.freeze({ valid: false, reason: "missing" });
const MALFORMED: VerifyResult = Object.freeze({ valid: false, reason: "malformed" });
