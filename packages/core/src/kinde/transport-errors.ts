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

/**
 * `fetch` failed without an answer (DNS, refused or reset connection). `cause` names the failure
 * (see {@link namedOnly}), never quotes it.
 */
export class NetworkFailure extends Error {
  override readonly name = "NetworkError";

  constructor(cause: unknown) {
    super("Could not reach Kinde.", { cause: namedOnly(cause) });
  }
}

/**
 * `error` reduced to what names it: its class name and the system code of it or of its cause (e.g.
 * `TypeError: ECONNREFUSED`, what an operator needs). Never its message: a `fetch` of the app's own
 * (a proxy wrapper) may quote the request there, the M2M token or the client secret with it.
 */
function namedOnly(error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const codeOf = (value: unknown) => {
    const code = (value as { code?: unknown } | null | undefined)?.code;
    return typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
  };
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown }).cause);
  const named = new Error(code ? `${error.name}: ${code}` : error.name);
  named.name = error.name;
  return named;
}
