/**
 * @module test-helpers
 * Request builders shared by this package's own tests, so each test states only what differs:
 * which endpoint, which body, which token. Not exported from the package.
 */

import type { FakeKinde } from "./fake-kinde.ts";

/** `POST /oauth2/token` with a form body; the defaults are the fake's own valid credentials. */
export function tokenRequest(fake: FakeKinde, fields: Record<string, string> = {}): Request {
  return new Request(`${fake.origin}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      audience: `${fake.origin}/api`,
      ...fields,
    }),
  });
}

/** A fresh access token from `fake`. @throws Error if the token endpoint refuses. */
export async function getToken(fake: FakeKinde, fields?: Record<string, string>): Promise<string> {
  const response = await fake.fetch(tokenRequest(fake, fields));
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** A call to `fake`'s `/api/v1` with a bearer token and an optional JSON body. */
export function apiRequest(
  fake: FakeKinde,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  signal?: AbortSignal,
): Request {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${fake.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    signal: signal ?? null,
  });
}

/** `POST /api/v1/api_keys/verify` for `apiKey`, answered by `fake`. */
export async function verify(
  fake: FakeKinde,
  token: string,
  apiKey: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fake.fetch(
    apiRequest(fake, "POST", "/api/v1/api_keys/verify", token, { api_key: apiKey }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Sends an `/api/v1` call through `fake` and parses the JSON answer. */
export async function callApi(
  fake: FakeKinde,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fake.fetch(apiRequest(fake, method, path, token, body));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
