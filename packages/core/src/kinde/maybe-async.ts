/**
 * @module kinde/maybe-async
 * Values that may or may not be promises. The memory store and node:crypto answer synchronously,
 * a Redis store and Web Crypto with a promise; verify handles both through {@link andThen}, so a
 * synchronous answer costs no promise hop.
 */

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** True when `value` is a promise (or any thenable). */
export function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === "function";
}

/** Applies `next` at once when `value` is ready, else when it resolves. */
export function andThen<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
): MaybePromise<R> {
  return isPromiseLike(value) ? value.then(next) : next(value);
}
