/**
 * @module kinde/transport
 * The HTTP transport of the calls every verification needs (the M2M token request, verify, and the
 * route option `apiId`'s read of a key): `fetch` with a per-attempt timeout and a total timeout
 * that caps all attempts and waits together, redirects never followed, and bounded retries
 * (`kinde/retry.ts` says which failures and how long to wait). Small on purpose: it is in every edge bundle. A failure is thrown as one
 * of `kinde/transport-errors.ts`; what it becomes for callers is decided in `kinde/failures.ts`.
 */
import type { ResolvedConnection } from "../config.ts";
import { raceAbort } from "./abort.ts";
import { unusableAnswer } from "./failures.ts";
import { retryDelay, sleep } from "./retry.ts";
import { HttpFailure, NetworkFailure, TimeoutFailure } from "./transport-errors.ts";

/**
 * What an HTTP client needs from the connection settings, and nothing else: no credentials, so it
 * can travel in the client's internals (which a debugger or `util.inspect` may show).
 */
export type HttpSettings = Pick<
  ResolvedConnection,
  "origin" | "timeoutMs" | "totalTimeoutMs" | "retryLimit" | "maxRetryDelayMs" | "fetch"
>;

/** The {@link HttpSettings} of `connection`, copied field by field so no credential comes along. */
export function httpSettings(connection: ResolvedConnection): HttpSettings {
  const { origin, timeoutMs, totalTimeoutMs, retryLimit, maxRetryDelayMs, fetch } = connection;
  return { origin, timeoutMs, totalTimeoutMs, retryLimit, maxRetryDelayMs, fetch };
}

/** A 2xx answer, its body read. */
export interface KindeAnswer {
  readonly status: number;
  readonly text: string;
}

/** Options of one call ({@link post}, {@link get}). */
export interface CallOptions {
  /** Extra request headers, e.g. `authorization`. */
  readonly headers?: Record<string, string>;
  /**
   * Whether a 429 is tried again (after Kinde's `Retry-After`, capped).
   * @default true
   */
  readonly retryRateLimited?: boolean;
  /** The caller giving up: every attempt and wait ends, and the call rejects with its reason. */
  readonly signal?: AbortSignal;
}

/**
 * POSTs `body` (a form, or an object sent as JSON) to `path` on Kinde's origin, retrying as the
 * connection settings allow.
 *
 * @throws {HttpFailure | TimeoutFailure | NetworkFailure} when the last attempt failed, or a wait
 * would pass the total timeout; the signal's reason when the caller aborts
 */
export function post(
  connection: HttpSettings,
  path: string,
  body: URLSearchParams | object,
  options?: CallOptions,
): Promise<KindeAnswer> {
  return send(connection, "POST", path, body, options);
}

/**
 * GETs `path` on Kinde's origin, retrying as {@link post} does.
 *
 * @throws {HttpFailure | TimeoutFailure | NetworkFailure} as {@link post}
 */
export function get(
  connection: HttpSettings,
  path: string,
  options?: CallOptions,
): Promise<KindeAnswer> {
  return send(connection, "GET", path, undefined, options);
}

/** One call, all its attempts and waits within the total timeout. */
async function send(
  connection: HttpSettings,
  method: "GET" | "POST",
  path: string,
  body: URLSearchParams | object | undefined,
  { headers: extra, retryRateLimited = true, signal }: CallOptions = {},
): Promise<KindeAnswer> {
  const deadline = Date.now() + connection.totalTimeoutMs;
  // Built before the first attempt, so a header value fetch would refuse (and quote in its error)
  // fails here, outside what the transport reports as a network failure.
  const headers = new Headers(extra);
  const json = body !== undefined && !(body instanceof URLSearchParams);
  if (json) headers.set("content-type", "application/json");
  const init: RequestInit = {
    method,
    headers,
    body: json ? JSON.stringify(body) : body,
    // Kinde never redirects its API; following one could send the bearer token elsewhere.
    redirect: "manual",
  };
  const url = `${connection.origin}/${path}`;
  for (let retry = 1; ; retry++) {
    signal?.throwIfAborted();
    try {
      return await attempt(connection, url, init, deadline - Date.now(), signal);
    } catch (failure) {
      if (signal?.aborted) throw signal.reason;
      const wait =
        retry > connection.retryLimit
          ? undefined
          : retryDelay(failure, retry, connection.maxRetryDelayMs, retryRateLimited);
      // A wait that would reach the total timeout gives up now rather than sleep to no purpose.
      if (wait === undefined || wait >= deadline - Date.now()) throw failure;
      await sleep(wait, signal);
    }
  }
}

/** One attempt: the answer and its body within `min(timeoutMs, leftMs)`. */
async function attempt(
  connection: HttpSettings,
  url: string,
  init: RequestInit,
  leftMs: number,
  signal: AbortSignal | undefined,
): Promise<KindeAnswer> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const timeout = new TimeoutFailure();
  const timer = setTimeout(
    () => controller.abort(timeout),
    Math.max(0, Math.min(connection.timeoutMs, leftMs)),
  );
  const { signal: attemptSignal } = controller;
  try {
    // Looked up per call so test tools that patch `globalThis.fetch` after construction still apply.
    const fetcher = connection.fetch ?? globalThis.fetch;
    // Raced as well as signalled: a `fetch` that ignores its signal still ends at the timeout.
    const response = await raceAbort(
      fetcher(url, { ...init, signal: attemptSignal }),
      attemptSignal,
    );
    const text = await raceAbort(response.text(), attemptSignal);
    if (response.ok) return { status: response.status, text };
    throw new HttpFailure(response.status, response.headers, parsed(text), new URL(url).origin);
  } catch (error) {
    if (error instanceof HttpFailure || error === timeout) throw error;
    if (signal?.aborted) throw signal.reason;
    throw new NetworkFailure(error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** An error body as JSON when it is JSON, else `undefined` (it is only read for Kinde's codes). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads a 2xx answer's JSON body, turning a non-JSON answer into `KINDE_BAD_RESPONSE`. */
export function readJson({ status, text }: KindeAnswer, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unusableAnswer(what, "Kinde's answer was not JSON.", status);
  }
}
