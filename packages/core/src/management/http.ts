/**
 * @module management/http
 * The HTTP client of the key manager and the doctor: ky, with the connection settings of the
 * client they are made from (timeouts, retries, no redirects). It is made where they are made,
 * never by `createKindeKeys` or the pipeline, so an app that only verifies keys does not bundle ky. ky's errors leave it as the transport's failures (`kinde/transport-errors.ts`), so
 * `kinde/failures.ts` reads one shape for every call to Kinde.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from "ky";
import { RETRY_STATUSES } from "../kinde/retry.ts";
import type { HttpSettings } from "../kinde/transport.ts";
import { HttpFailure, NetworkFailure, TimeoutFailure } from "../kinde/transport-errors.ts";

/** Creates a ky client for `connection`; a call may narrow its retries (`RETRY_ONLY_RATE_LIMITS`). */
export function createKyClient(connection: HttpSettings): KyInstance {
  return ky.create({
    baseUrl: `${connection.origin}/`,
    timeout: connection.timeoutMs,
    totalTimeout: connection.totalTimeoutMs,
    // Kinde never redirects its API; following one could send the bearer token elsewhere.
    redirect: "manual",
    retry: {
      limit: connection.retryLimit,
      methods: ["get", "post", "put", "delete"],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: connection.maxRetryDelayMs,
      backoffLimit: connection.maxRetryDelayMs,
      jitter: true,
      retryOnTimeout: true,
    },
    // Runs once, on the error a call finally throws (after ky's retries).
    hooks: { beforeError: [({ error }) => fromKy(error)] },
    // Looked up per call so test tools that patch `globalThis.fetch` after construction still apply.
    fetch: (input, init) => (connection.fetch ?? globalThis.fetch)(input, init),
  });
}

/**
 * ky's error as the transport's failure. ky's own errors hold the request and its options (the
 * token, a key's secret), so only the status, headers, error body and origin, or the network
 * error's name and system code, are carried over.
 */
function fromKy(error: Error): Error {
  if (isHTTPError(error)) {
    const { origin } = new URL(error.request.url);
    return new HttpFailure(error.response.status, error.response.headers, error.data, origin);
  }
  if (isTimeoutError(error)) return new TimeoutFailure();
  if (isNetworkError(error)) return new NetworkFailure(error.cause);
  return error;
}
