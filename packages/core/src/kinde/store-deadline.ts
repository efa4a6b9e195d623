/**
 * @module kinde/store-deadline
 * A deadline on store calls (`storeTimeoutMs`): a Redis client with an offline queue holds commands
 * for as long as Redis is down (a default ioredis: ~85 s per command), and a request must not wait
 * on it. A call that does not settle in time rejects with `STORE_UNAVAILABLE`, never blamed on Kinde.
 */
import { KindeKeysError } from "../errors.ts";

/** Settles like `call`, or rejects with `STORE_UNAVAILABLE` after `ms` ms. */
export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      reject,
      ms,
      new KindeKeysError("STORE_UNAVAILABLE", `The store did not answer within ${ms} ms.`),
    );
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
