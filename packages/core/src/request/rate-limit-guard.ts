/**
 * @module request/rate-limit-guard
 * A pluggable rate-limit store under a deadline: a call that fails or does not settle within
 * `storeTimeoutMs` rejects with `STORE_UNAVAILABLE` (our store, never Kinde), and the route's
 * `onStoreError` decides. The built-in memory store answers synchronously and is not wrapped.
 */
import { isKindeKeysError, KindeKeysError } from "../errors.ts";
import { isPromiseLike } from "../kinde/maybe-async.ts";
import { withDeadline } from "../kinde/store-deadline.ts";
import type { RateLimitDecision, RateLimitStore } from "./rate-limit.ts";

/** `store` with a deadline on each call and its failures as `STORE_UNAVAILABLE`. */
export function guardRateLimitStore(store: RateLimitStore, timeoutMs: number): RateLimitStore {
  const guarded = (
    run: () => RateLimitDecision | Promise<RateLimitDecision>,
  ): RateLimitDecision | Promise<RateLimitDecision> => {
    let answer: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      answer = run();
    } catch (error) {
      throw unavailable(error);
    }
    if (!isPromiseLike(answer)) return answer;
    return withDeadline(answer, timeoutMs).catch((error: unknown) => {
      throw unavailable(error);
    });
  };
  const { peek } = store;
  return {
    consume: (key, limit, windowMs) => guarded(() => store.consume(key, limit, windowMs)),
    peek: peek && ((key, limit, windowMs) => guarded(() => peek.call(store, key, limit, windowMs))),
  };
}

function unavailable(error: unknown): KindeKeysError {
  if (isKindeKeysError(error) && error.code === "STORE_UNAVAILABLE") return error;
  return new KindeKeysError("STORE_UNAVAILABLE", "The rate-limit store failed.", { cause: error });
}
