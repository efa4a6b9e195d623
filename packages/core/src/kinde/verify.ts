/**
 * @module kinde/verify
 * Verifying a key: a local format check, then the cache, then one shared call to Kinde per key.
 * Anything about the key is a {@link VerifyResult}; anything about Kinde or the setup is a thrown
 * {@link KindeKeysError}. Results are cached under the key's SHA-256, never the key.
 */

import type { KyInstance } from "ky";
import { sha256 } from "#hash";
import { isKindeKeysError, type KindeKeysError } from "../errors.ts";
import { isWellFormedApiKey } from "../key-format.ts";
import { redactKey } from "../redact.ts";
import type { InvalidKeyReason, Logger, VerifyEvent, VerifyResult } from "../types.ts";
import { raceAbort } from "./abort.ts";
import type { ResolvedCache } from "./cache.ts";
import { errorCodes, toVerifyResult } from "./schemas.ts";
import { type TokenManager, withToken } from "./token.ts";
import { type HttpFailure, httpFailure, readJson, toKindeKeysError } from "./transport.ts";

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
  readonly http: KyInstance;
  readonly tokens: TokenManager;
  readonly cache: ResolvedCache | undefined;
  readonly onVerify: ((event: VerifyEvent) => void) | undefined;
  readonly logger: Logger | undefined;
}

/** The verify half of a client. */
export interface Verifier {
  verify(apiKey: string | null | undefined, options?: PipelineVerifyOptions): Promise<VerifyResult>;
  invalidate(apiKey: string): Promise<void>;
}

const WHAT = "Verify API key";
const VERIFY_PATH = "api/v1/api_keys/verify";

const localResults: Record<"missing" | "malformed", VerifyResult> = {
  missing: { valid: false, reason: "missing" },
  malformed: { valid: false, reason: "malformed" },
};
const invalidResult: VerifyResult = { valid: false, reason: "invalid" };

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === "function";
}

/**
 * How a non-2xx answer to verify reads. Kinde does not document how it answers an unknown key: a
 * 4xx that names the API key, or a 400/404, means "invalid key". A 401/403 that does not name the
 * key is about our M2M token or its scopes and must never pass as "invalid key".
 */
function classifyFailure(failure: HttpFailure): "invalid" | "token-rejected" | "other" {
  const aboutKey = errorCodes(failure.data).some((code) => /api[_-]?key/i.test(code));
  if (failure.status === 401 || failure.status === 403) {
    if (aboutKey) return "invalid";
    return failure.status === 401 ? "token-rejected" : "other";
  }
  if (failure.status === 400 || failure.status === 404 || failure.status === 422) return "invalid";
  return "other";
}

/** Creates the verifier of one client. */
export function createVerifier(deps: VerifierDeps): Verifier {
  const { http, tokens, cache, onVerify, logger } = deps;
  const inFlight = new Map<string, Promise<VerifyResult>>();
  let storeHealthy = true;

  function storeFailed(error: unknown): void {
    if (!storeHealthy) return;
    storeHealthy = false;
    logger?.warn?.(
      { err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
      "kinde-keys: cache store unavailable; verifying with Kinde until it recovers",
    );
  }

  function storeOk(): void {
    if (storeHealthy) return;
    storeHealthy = true;
    logger?.info?.({}, "kinde-keys: cache store recovered");
  }

  function emit(
    apiKey: unknown,
    started: number,
    cached: boolean,
    outcome: VerifyResult | KindeKeysError | unknown,
  ): void {
    if (!onVerify) return;
    let event: VerifyEvent;
    const base = { keyHint: redactKey(apiKey), cached, durationMs: performance.now() - started };
    if (isKindeKeysError(outcome)) event = { ...base, outcome: "error", errorCode: outcome.code };
    else if (typeof outcome === "object" && outcome !== null && "valid" in outcome) {
      const result = outcome as VerifyResult;
      event = result.valid
        ? { ...base, outcome: "valid", keyId: result.key.keyId, owner: result.key.owner }
        : { ...base, outcome: result.reason };
    } else event = { ...base, outcome: "error", errorCode: "ABORTED" };
    try {
      onVerify(event);
    } catch (error) {
      logger?.warn?.(
        { err: error instanceof Error ? error.message : String(error) },
        "kinde-keys: onVerify threw",
      );
    }
  }

  async function post(apiKey: string, token: string): Promise<Response> {
    return http.post(VERIFY_PATH, {
      json: { api_key: apiKey },
      headers: { authorization: `Bearer ${token}` },
    });
  }

  async function askKinde(apiKey: string): Promise<VerifyResult> {
    try {
      return await withToken(
        tokens,
        async (token) => toVerifyResult(await readJson(await post(apiKey, token), WHAT)),
        (error) => {
          const failure = httpFailure(error);
          return failure !== undefined && classifyFailure(failure) === "token-rejected";
        },
      );
    } catch (error) {
      const failure = httpFailure(error);
      if (failure && classifyFailure(failure) === "invalid") return invalidResult;
      throw toKindeKeysError(error, WHAT);
    }
  }

  async function remember(hash: string, result: VerifyResult): Promise<void> {
    if (!cache) return;
    const ttl = result.valid ? cache.ttlMs : cache.negativeTtlMs;
    try {
      const done = cache.store.set(hash, result, ttl);
      if (isPromiseLike(done)) await done;
      storeOk();
    } catch (error) {
      storeFailed(error);
    }
  }

  function shared(hash: string, apiKey: string): Promise<VerifyResult> {
    const existing = inFlight.get(hash);
    if (existing) return existing;
    // `invalidate()` detaches a call in flight: its answer may predate a revocation, so only the
    // call still registered for the key may cache its answer or clear the registration.
    const call: Promise<VerifyResult> = askKinde(apiKey)
      .then(async (result) => {
        if (inFlight.get(hash) === call) await remember(hash, result);
        return result;
      })
      .finally(() => {
        if (inFlight.get(hash) === call) inFlight.delete(hash);
      });
    inFlight.set(hash, call);
    return call;
  }

  function settle(
    promise: Promise<VerifyResult>,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): Promise<VerifyResult> {
    const raced = raceAbort(promise, abort.signal ?? abort.signalSource?.(abort));
    if (!onVerify) return raced;
    return raced.then(
      (result) => {
        emit(apiKey, started, false, result);
        return result;
      },
      (error: unknown) => {
        emit(apiKey, started, false, error);
        throw error;
      },
    );
  }

  function fromHash(
    hash: string,
    apiKey: string,
    started: number,
    abort: PipelineVerifyOptions,
  ): Promise<VerifyResult> {
    if (cache) {
      let hit: VerifyResult | undefined | Promise<VerifyResult | undefined>;
      try {
        hit = cache.store.get(hash);
      } catch (error) {
        storeFailed(error);
      }
      if (isPromiseLike(hit)) {
        return hit.then(
          (value) => {
            storeOk();
            if (value) {
              emit(apiKey, started, true, value);
              return value;
            }
            return settle(shared(hash, apiKey), apiKey, started, abort);
          },
          (error: unknown) => {
            storeFailed(error);
            return settle(shared(hash, apiKey), apiKey, started, abort);
          },
        );
      }
      if (hit) {
        // The hot path: a memory hit is answered without touching the network or extra promises.
        if (onVerify) emit(apiKey, started, true, hit);
        return Promise.resolve(hit);
      }
    }
    return settle(shared(hash, apiKey), apiKey, started, abort);
  }

  return {
    verify(apiKey, options = {}) {
      const started = onVerify ? performance.now() : 0;
      let local: InvalidKeyReason | undefined;
      if (apiKey === undefined || apiKey === null || apiKey === "") local = "missing";
      else if (!isWellFormedApiKey(apiKey)) local = "malformed";
      if (local) {
        const result = localResults[local as "missing" | "malformed"];
        emit(apiKey, started, false, result);
        return Promise.resolve(result);
      }
      const key = apiKey as string;
      if (options.signal?.aborted) return Promise.reject(options.signal.reason);
      const hash = sha256(key);
      return isPromiseLike(hash)
        ? hash.then((value) => fromHash(value, key, started, options))
        : fromHash(hash, key, started, options);
    },
    async invalidate(apiKey) {
      if (!cache || !isWellFormedApiKey(apiKey)) return;
      const hash = await sha256(apiKey);
      inFlight.delete(hash);
      try {
        await cache.store.delete(hash);
        storeOk();
      } catch (error) {
        storeFailed(error);
      }
    },
  };
}
