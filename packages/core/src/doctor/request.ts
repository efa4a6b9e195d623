/**
 * @module doctor/request
 * One request of the doctor on the client's HTTP client (its timeouts and retries), reading the
 * status and body of any answer instead of turning failures into errors.
 */
import type { KyInstance } from "ky";

/** An answer, or why there was none. */
export type DoctorAnswer = { status: number; body: unknown } | { failure: string };

/** Sends one request with the M2M token; never throws except for the caller's abort. */
export async function ask(
  http: KyInstance,
  method: "get" | "post",
  path: string,
  token: string,
  signal: AbortSignal | undefined,
  json?: unknown,
): Promise<DoctorAnswer> {
  try {
    const response = await http(path, {
      method,
      json,
      signal,
      headers: { authorization: `Bearer ${token}` },
      throwHttpErrors: false,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // Only the error's name: ky's errors carry the request, and with it the token.
    return { failure: `no answer (${error instanceof Error ? error.name : "error"})` };
  }
}
