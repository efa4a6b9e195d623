/**
 * @module responses
 * Building answers in Kinde's two error dialects. The token endpoint speaks OAuth 2.0
 * (`{ error, error_description }`, RFC 6749 §5.2); everything under `/api/v1` answers
 * `{ errors: [{ code, message }] }` (the spec's `error_response`). Keeping both builders here means a
 * reader can see at a glance which shape each endpoint returns.
 */

/** Statuses whose answers must not carry a body (the `Response` constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A JSON answer. `body` is JSON-encoded as-is (so schema-violating bodies go out untouched).
 *
 * @param body - Anything `JSON.stringify` accepts; ignored for 204, 205 and 304.
 * @param status - HTTP status. @default 200
 * @param headers - Extra headers; they win over the default `content-type`.
 */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const nullBody = NULL_BODY_STATUSES.has(status);
  // `set` rather than an object spread: header names are case-insensitive, so a caller's
  // `Content-Type` must replace the default instead of being joined to it.
  const merged = new Headers(nullBody ? {} : { "content-type": "application/json; charset=utf-8" });
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(nullBody ? null : JSON.stringify(body), { status, headers: merged });
}

/**
 * Kinde's management-API error body: `{ errors: [{ code, message }] }`.
 *
 * @example
 * ```ts
 * kindeErrorBody("API_KEY_NOT_FOUND", "API key not found");
 * ```
 */
export function kindeErrorBody(
  code: string,
  message: string,
): { errors: { code: string; message: string }[] } {
  return { errors: [{ code, message }] };
}

/**
 * Kinde's answer for a path it does not serve: 404 `ROUTE_NOT_FOUND`, with `errors` as an *object*
 * rather than the array other errors use. A wrong domain, or a business whose plan does not include
 * API keys, gets this from verify.
 */
export function routeNotFound(method: string, path: string): Response {
  return jsonResponse(
    { errors: { code: "ROUTE_NOT_FOUND", message: `No route for ${method} ${path}` } },
    404,
  );
}

/** A management-API error answer: {@link kindeErrorBody} with `status`. */
export function kindeError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(kindeErrorBody(code, message), status, headers);
}

/**
 * An OAuth 2.0 error answer from the token endpoint (RFC 6749 §5.2). `Cache-Control: no-store`
 * because §5.1 requires it on token-endpoint answers.
 */
export function oauthError(status: number, error: string, description: string): Response {
  return jsonResponse({ error, error_description: description }, status, {
    "cache-control": "no-store",
  });
}

/** OAuth `error` codes by status for injected faults (RFC 6749 §5.2; `temporarily_unavailable` is §4.1.2.1). */
const OAUTH_CODES: Record<number, string> = {
  401: "invalid_client",
  403: "unauthorized_client",
  503: "temporarily_unavailable",
};

/** Kinde `errors[].code` values by status, for injected faults. */
const KINDE_CODES: Record<number, string> = {
  400: "INVALID_REQUEST",
  401: "TOKEN_INVALID",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  429: "TOO_MANY_REQUESTS",
};

/**
 * The body an injected `{ type: "status" }` fault sends when the test gives none: what Kinde
 * would plausibly send for that status, in the dialect of the endpoint that was hit.
 *
 * @param status - The injected status.
 * @param oauth - `true` for the token endpoint (OAuth shape), `false` for `/api/v1` (errors shape).
 */
export function defaultErrorBody(status: number, oauth: boolean): unknown {
  const message = `Injected ${status} from fake Kinde`;
  if (oauth) {
    const error = OAUTH_CODES[status] ?? (status >= 500 ? "server_error" : "invalid_request");
    return { error, error_description: message };
  }
  const code = KINDE_CODES[status] ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "ERROR");
  return kindeErrorBody(code, message);
}
