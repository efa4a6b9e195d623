/**
 * @module msw
 * The fake as MSW request handlers, for tests that intercept the client's real `fetch`
 * (`setupServer(...fake.handlers)`). One catch-all handler per origin hands every request to the
 * fake's Fetch handler, so MSW adds no behaviour of its own.
 */

import { HttpResponse, http, type RequestHandler } from "msw";
import { isFakeConnectionResetError } from "./errors.ts";

/**
 * MSW handlers that answer every request to `origin` with `handle`.
 *
 * A `reset` fault becomes `HttpResponse.error()`, MSW's network error, so the client's `fetch`
 * rejects with a `TypeError` as on a dropped connection. A request the client aborted (during a
 * `hang` or `delay`) also ends as a network error rather than an exception, which MSW would
 * otherwise report as an unhandled error in the resolver.
 *
 * @param origin - The fake's origin, e.g. `https://fake-kinde.test`.
 * @param handle - The fake's Fetch handler.
 * @example
 * ```ts
 * const server = setupServer(...createMswHandlers(fake.origin, fake.fetch));
 * ```
 */
export function createMswHandlers(
  origin: string,
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      try {
        return await handle(request);
      } catch (error) {
        if (isFakeConnectionResetError(error) || request.signal.aborted) {
          return HttpResponse.error();
        }
        throw error;
      }
    }),
  ];
}
