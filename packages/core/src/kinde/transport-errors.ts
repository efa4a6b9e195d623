/**
 * @module kinde/transport-errors
 * The failures a call to Kinde can end in, as the transport (`kinde/transport.ts`) and the
 * management calls' ky client (`management/http.ts`) both report them, so `kinde/failures.ts` reads
 * one shape. None of them holds the request: its headers and body carry the M2M token, the client
 * secret or the API key.
 */

/** Kinde answered outside 2xx (a 3xx included: redirects are never followed). */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";

  /**
   * @param status the answer's status (0 for a browser's opaque redirect)
   * @param headers the answer's headers (`Retry-After`, `RateLimit-Reset`)
   * @param data the error body: parsed JSON, the text, or `undefined` when empty or unreadable
   * @param origin the origin the request went to (no path, no query)
   */
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly data: unknown,
    readonly origin: string,
  ) {
    super(`Kinde answered ${status}.`);
  }
}

/** No answer within the per-attempt timeout or the total timeout. */
export class TimeoutFailure extends Error {
  override readonly name = "TimeoutError";

  constructor() {
    super("Kinde did not answer in time.");
  }
}

/** `fetch` failed without an answer (DNS, refused or reset connection); `cause` is its error. */
export class NetworkFailure extends Error {
  override readonly name = "NetworkError";

  constructor(cause: unknown) {
    super("Could not reach Kinde.", { cause });
  }
}
