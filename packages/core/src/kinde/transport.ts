/**
 * @module kinde/transport
 * The one HTTP client every call to Kinde goes through: per-attempt and total timeouts, bounded
 * retries of network errors, 5xx and 429 (honouring `Retry-After` / `RateLimit-Reset`, with jitter as
 * Kinde asks). What a failure becomes is decided in `kinde/failures.ts`.
 */
import ky, { type KyInstance } from "ky";
import type { ResolvedConnection } from "../config.ts";
import { unusableAnswer } from "./failures.ts";

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

/** Reads a JSON body, turning a non-JSON answer into `KINDE_BAD_RESPONSE`. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw unusableAnswer(what, "Kinde's answer was not JSON.", response.status);
  }
}
