/**
 * @module management/request
 * The plumbing every management call shares: the M2M token (refreshed once on 401), the error
 * mapping of `kinde/failures.ts`, and reading the answer. A call only says what it asks.
 */
import { isHTTPError, type KyInstance, type Options as KyOptions } from "ky";
import { type KindeCall, toKindeKeysError } from "../kinde/failures.ts";
import { type TokenManager, withToken } from "../kinde/token.ts";
import { type HttpSettings, readJson } from "../kinde/transport.ts";
import { createKyClient } from "./http.ts";

/**
 * Retry only 429 (Kinde did not act on the request), for calls whose repetition would change
 * something twice. `undefined` hands 429 to ky's default handling, which honours `Retry-After`.
 */
export const RETRY_ONLY_RATE_LIMITS: KyOptions = {
  retry: {
    shouldRetry: ({ error }) =>
      isHTTPError(error) && error.response.status === 429 ? undefined : false,
  },
};

/** The request itself: the HTTP client and the authorization header to send. */
export type KeysRequest = (http: KyInstance, headers: Record<string, string>) => Promise<Response>;

/** A management answer: its status and, unless skipped, its parsed JSON body. */
export interface KeysAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Sends one management request; see {@link createSender}. */
export type Send = (
  call: KindeCall,
  signal: AbortSignal | undefined,
  request: KeysRequest,
  skipBody?: boolean,
) => Promise<KeysAnswer>;

/** Creates the sender of one key manager, on a ky client made from `settings`, and `tokens`. */
export function createSender(settings: HttpSettings, tokens: TokenManager): Send {
  const http = createKyClient(settings);
  return async (call, signal, request, skipBody = false) => {
    try {
      return await withToken(
        tokens,
        call,
        async (token) => {
          const response = await request(http, { authorization: `Bearer ${token}` });
          if (skipBody) {
            await response.body?.cancel();
            return { status: response.status, body: undefined };
          }
          const answer = { status: response.status, text: await response.text() };
          return { status: response.status, body: readJson(answer, call.what) };
        },
        signal,
      );
    } catch (error) {
      throw toKindeKeysError(error, call, signal);
    }
  };
}
