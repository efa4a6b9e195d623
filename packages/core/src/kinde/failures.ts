/**
 * @module kinde/failures
 * Where a failed call to Kinde becomes a {@link KindeKeysError} code: one table for the token
 * request, verify and the management calls. A failed HTTP answer goes down the rows below; the
 * first row that matches gives the code and the message. A new kind of failure is a row.
 *
 * The failures read here are the transport's (`kinde/transport-errors.ts`): the token and verify
 * calls throw them, and the management calls' ky client is converted to them (`management/http.ts`).
 * No secret reaches an error: none of them holds the request (the API key, the client secret, the
 * token); only the status, Kinde's error codes and a network error's name and system code
 * (`ECONNREFUSED`) survive.
 */
import { KindeKeysError, type KindeKeysErrorCode } from "../errors.ts";
import { type KindeErrorBody, readErrorBody } from "./error-body.ts";
import { retryAfterFrom } from "./retry.ts";
import { HttpFailure, NetworkFailure, TimeoutFailure } from "./transport-errors.ts";

/** One call to Kinde, as its failures name it. */
export interface KindeCall {
  /** Starts every message, e.g. `Verify API key`. */
  readonly what: string;
  /** Verify tells a refused key from a refused token; see {@link isTokenRejected}. */
  readonly kind: "token" | "verify" | "management";
  /** What to check when Kinde refuses the M2M credentials for this call. */
  readonly authHint: string;
  /** This call's own rows ({@link TOKEN_FAILURES}, {@link MANAGEMENT_FAILURES}), if any. */
  readonly failures?: readonly FailureRow[];
}

/** An HTTP answer outside 2xx, reduced to what is safe to keep. */
export interface FailedAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The error body, read in any of Kinde's shapes. */
  readonly body: KindeErrorBody;
  /** The origin the request went to (no path, no query). */
  readonly origin: string;
}

/** One row of the table: which answers it matches, and the error they become. */
export interface FailureRow {
  readonly matches: (answer: FailedAnswer) => boolean;
  readonly code: KindeKeysErrorCode;
  readonly message: (call: KindeCall, answer: FailedAnswer) => string;
}

/*
 * The table. A failed answer is read against the rows of every call, then the rows of its own
 * call, then {@link UNEXPECTED}; the first match wins. 408 and 429 are retried by the transport and
 * never read as a refusal of the request: Kinde did not act on it. The rows of one kind of call
 * are separate constants so an edge bundle that only verifies carries none of the management rows.
 */

/** Rows for every call. */
const SHARED_FAILURES: readonly FailureRow[] = [
  {
    matches: ({ status }) => status === 429 || status >= 500,
    code: "KINDE_UNAVAILABLE",
    message: ({ what }, { status }) => `${what}: Kinde answered ${status}.`,
  },
  {
    matches: ({ status }) => status === 401 || status === 403,
    code: "KINDE_AUTH_FAILED",
    message: refusedCredentials,
  },
];

/**
 * A 404 that does not name the key: Kinde has no such route at this origin. Its generic answer is
 * `ROUTE_NOT_FOUND` (with an object-shaped `errors`): a wrong host, or a business whose plan does not
 * include API keys. Never an invalid key, or every customer would get a 401.
 */
const ROUTE_MISSING: FailureRow = {
  matches: ({ status, body }) => status === 404 && !namesApiKey(body),
  code: "KINDE_MISCONFIGURED",
  message: ({ what }, answer) =>
    `${what}: route not found at ${answer.origin}: wrong Kinde domain, or API keys not enabled (${answer.status}).`,
};

/** Verify's own rows. */
export const VERIFY_FAILURES: readonly FailureRow[] = [ROUTE_MISSING];

/** The token request's rows: OAuth answers bad credentials, an unknown audience or a missing grant with any 4xx. */
export const TOKEN_FAILURES: readonly FailureRow[] = [
  ROUTE_MISSING,
  {
    matches: ({ status }) => isRefusal(status),
    code: "KINDE_AUTH_FAILED",
    message: refusedCredentials,
  },
];

/** The management calls' rows: 404 is an unknown key, any other 4xx Kinde refusing the input. */
export const MANAGEMENT_FAILURES: readonly FailureRow[] = [
  {
    matches: ({ status }) => status === 404,
    code: "KINDE_BAD_RESPONSE",
    message: ({ what }, answer) => `${what}: Kinde has no such API key (${withReason(answer)}).`,
  },
  {
    matches: ({ status }) => isRefusal(status),
    code: "KINDE_BAD_RESPONSE",
    message: ({ what }, answer) => `${what}: Kinde refused the request (${withReason(answer)}).`,
  },
];

/** Any other failed answer. */
const UNEXPECTED: FailureRow = {
  matches: () => true,
  code: "KINDE_BAD_RESPONSE",
  message: ({ what }, { status }) => `${what}: unexpected answer ${status}.`,
};

/**
 * Turns any failure of a call into the error callers see. A caller's own abort is rethrown as the
 * signal's reason: that is the caller's decision, not Kinde's failure.
 */
export function toKindeKeysError(error: unknown, call: KindeCall, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof KindeKeysError) return error;
  const answer = failedAnswer(error);
  if (!answer) return unanswered(error, call);
  const rule =
    SHARED_FAILURES.find((row) => row.matches(answer)) ??
    call.failures?.find((row) => row.matches(answer)) ??
    UNEXPECTED;
  return new KindeKeysError(rule.code, rule.message(call, answer), {
    status: answer.status,
    retryAfterSeconds:
      rule.code === "KINDE_UNAVAILABLE" ? retryAfterFrom(answer.headers) : undefined,
    kindeCode: answer.body.entries[0]?.code ?? undefined,
  });
}

/** Returns the failed answer when `error` is an {@link HttpFailure}, else `undefined`. */
export function failedAnswer(error: unknown): FailedAnswer | undefined {
  if (!(error instanceof HttpFailure)) return undefined;
  const { status, headers, data, origin } = error;
  return { status, headers, body: readErrorBody(data), origin };
}

/**
 * Whether `error` is Kinde rejecting the M2M token itself, so the call is worth one more try with
 * a fresh token. For verify, a 401 that names the API key is about the key, not the token.
 */
export function isTokenRejected(error: unknown, call: KindeCall): boolean {
  const answer = failedAnswer(error);
  if (answer?.status !== 401) return false;
  return call.kind !== "verify" || !namesApiKey(answer.body);
}

/**
 * Whether a failed verify answer means "this key is not valid". Kinde does not document how it
 * answers an unknown key, so only a refusal (a 4xx other than 408/429) whose body names the API key
 * is a verdict on the key. Any other 4xx is about the setup (a wrong domain, our M2M token, its
 * scopes) and must never pass as "invalid key": that would refuse every customer.
 */
export function isKeyRefused(error: unknown): boolean {
  const answer = failedAnswer(error);
  return !!answer && isRefusal(answer.status) && namesApiKey(answer.body);
}

/**
 * Kinde answered 2xx with something this SDK cannot use: not JSON, or not the documented schema.
 * `detail` never echoes the body (a create or rotate answer holds a secret).
 */
export function unusableAnswer(what: string, detail: string, status: number): KindeKeysError {
  return new KindeKeysError("KINDE_BAD_RESPONSE", `${what}: ${detail}`, { status });
}

/** A failure without an HTTP answer: a timeout, a network error, or an unreadable body. */
function unanswered(error: unknown, { what }: KindeCall): KindeKeysError {
  if (error instanceof TimeoutFailure) {
    return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: Kinde did not answer in time.`);
  }
  if (error instanceof NetworkFailure) {
    return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: could not reach Kinde.`, {
      cause: error.cause,
    });
  }
  if (error instanceof SyntaxError) {
    return new KindeKeysError("KINDE_BAD_RESPONSE", `${what}: Kinde's answer was not JSON.`);
  }
  // Anything else (a runtime's unrecognised network failure) is treated as Kinde being unreachable.
  // Only its name is kept: a foreign message may quote the request (a header value, the token).
  return new KindeKeysError("KINDE_UNAVAILABLE", `${what}: request failed.`, {
    cause: error instanceof Error ? new Error(error.name) : undefined,
  });
}

/** A 4xx that is Kinde refusing the request, as opposed to 408/429 (not acted on). */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function refusedCredentials({ what, authHint }: KindeCall, { status }: FailedAnswer): string {
  return `${what}: Kinde refused the M2M credentials (${status}); ${authHint}.`;
}

/** The status and Kinde's own words, shortened and stripped of control characters. */
function withReason({ status, body }: FailedAnswer): string {
  const first = body.entries[0];
  const text = [first?.code, first?.message].filter(Boolean).join(": ");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const reason = text.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200);
  return reason ? `${status} ${reason}` : String(status);
}

/**
 * Whether Kinde's error names the API key: its code (`API_KEY_INVALID`, `INVALID_API_KEY`) or its
 * message (`Invalid API key`, words apart: `/api/v1/api_keys/verify` in a route-not-found message
 * is a path). A message about a scope or a token is about the M2M application, not the key.
 */
function namesApiKey({ entries }: KindeErrorBody): boolean {
  return entries.some(
    ({ code, message }) =>
      /api[_-]?key/i.test(code ?? "") ||
      (/\bapi[ -]?key/i.test(message ?? "") && !/scope|token/i.test(message ?? "")),
  );
}
