/**
 * @module adapter/misuse
 * `app.use(kindeApiKey)` (the factory, not called) hands the framework's request to the factory as
 * its options. Left alone that ends in a 500 page such as `TypeError: client.authorizer is not a
 * function`; instead every adapter answers core's 503 and logs, once, how to fix the line.
 */
import type { AuthorizeDenial } from "../request/answers.ts";
import { unavailableDenial } from "../request/answers.ts";

const reported = new Set<string>();

/**
 * Decides whether a factory was registered as a middleware: a factory takes one argument, a
 * framework calls a middleware with two or three (`(req, res, next)`, `(ctx, next)`, `(c, next)`).
 * For a misuse, returns the 503 to answer, having logged one error line the first time.
 *
 * @param factory - The factory's name as the app wrote it, e.g. `"kindeApiKey"`.
 * @param extra - The arguments after the first one the factory received.
 * @param message - The fix to log, for a framework registered otherwise (Fastify's plugins).
 * @example
 * ```ts
 * export function kindeApiKey(options = {}, ...misuse: never[]): RequestHandler {
 *   const refusal = factoryMisuse("kindeApiKey", misuse);
 *   if (refusal) { … answer it with the framework's response … }
 * ```
 */
export function factoryMisuse(
  factory: string,
  extra: readonly unknown[],
  message = `${factory} is a factory: use app.use(${factory}())`,
): AuthorizeDenial | undefined {
  if (extra.length === 0) return undefined;
  if (!reported.has(factory)) {
    reported.add(factory);
    // No logger was configured (the options are the framework's request), so the console it is.
    console.error(message);
  }
  return unavailableDenial(new TypeError(message));
}
