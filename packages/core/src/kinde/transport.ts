/**
 * @module kinde/transport
 * The one HTTP client every call to Kinde goes through: per-attempt and total timeouts, bounded
 * retries of network errors, 5xx and 429 (honouring `Retry-After` / `RateLimit-Reset`, with jitter as
 * Kinde asks), and a translation of every failure into a {@link KindeKeysError} that holds no secret.
 *
 * ky's own errors keep the request options, and those contain the API key or the client secret, so
 * they are never kept as a `cause`: only their status, or the low-level network error, survives.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from "ky";
import type { ResolvedConnection } from "../config.ts";
import { KindeKeysError } from "../errors.ts";

/** Statuses worth another attempt: the request was not acted on, or the failure is transient. */
const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];

/** Creates the client for one configuration; called once per `createKindeKeys`. */
export function createHttpClient(connection: ResolvedConnection): KyInstance {
  return ky.create({
    baseUrl: `${connection.origin}/`,
    timeout: connection.timeoutMs,
    totalTimeout: connection.totalTimeoutMs,
    // Kinde never redirects its API; following one could send the bearer token elsewhere.
    redirect: "manual",
    retry: {
      limit: connection.retryLimit,
      methods: ["get", "post", "put", "delete"],
      statusCodes: RETRY_STATUS_CODES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: connection.maxRetryDelayMs,
      backoffLimit: connection.maxRetryDelayMs,
      jitter: true,
      retryOnTimeout: true,
    },
    // Looked up per call so test tools that patch `globalThis.fetch` after construction still apply.
    fetch: (input, init) => (connection.fetch ?? globalThis.fetch)(input, init),
  });
}

/** Seconds to wait before retrying, from `Retry-After` or Kinde's `RateLimit-Reset`. */
export function retryAfterFrom(headers: Headers | undefined): number | undefined {
  const raw = headers?.get("retry-after") ?? headers?.get("ratelimit-reset");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** An HTTP answer outside 2xx, reduced to what is safe to keep. */
export interface HttpFailure {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed error body, if it was JSON. */
  readonly data: unknown;
}

/** Returns the failed answer when `error` is ky's HTTP error, else `undefined`. */
export function httpFailure(error: unknown): HttpFailure | undefined {
  if (!isHTTPError(error)) return undefined;
  return { status: error.response.status, headers: error.response.headers, data: error.data };
}

/**
 * Turns any failure of a call into the error callers see. A caller's own abort is rethrown as the
 * signal's reason: that is the caller's decision, not Kinde's failure.
 */
export function toKindeKeysError(error: unknown, what: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof KindeKeysError) return error;
  if (isTimeoutError(error)) {
    return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: Kinde did not answer in time.`);
  }
  if (isNetworkError(error)) {
    return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: could not reach Kinde.`, {
      cause: error.cause,
    });
  }
  const failure = httpFailure(error);
  if (failure) {
    const { status } = failure;
    const retryAfterSeconds = retryAfterFrom(failure.headers);
    if (status === 429 || status >= 500) {
      return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: Kinde answered ${status}.`, {
        status,
        retryAfterSeconds,
      });
    }
    if (status === 401 || status === 403) {
      return new KindeKeysError(
        "KINDE_AUTH_FAILED",
        `${what}: Kinde refused the M2M credentials (${status}); check the client id/secret and that the application has the required scopes.`,
        { status },
      );
    }
    return new KindeKeysError("KINDE_BAD_RESPONSE", `${what}: unexpected answer ${status}.`, {
      status,
    });
  }
  if (error instanceof SyntaxError) {
    return new KindeKeysError("KINDE_BAD_RESPONSE", `${what}: Kinde's answer was not JSON.`);
  }
  // Anything else (a runtime's unrecognised network failure) is treated as Kinde being unreachable.
  return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: request failed.`, {
    cause: error instanceof Error ? new Error(error.message) : undefined,
  });
}

/** Reads a JSON body, turning a non-JSON answer into `KINDE_BAD_RESPONSE`. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new KindeKeysError("KINDE_BAD_RESPONSE", `${what}: Kinde's answer was not JSON.`, {
      status: response.status,
    });
  }
}
