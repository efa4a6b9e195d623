/**
 * @module kinde/token
 * The M2M access token every call to Kinde's API needs, as Kinde advises: requested with the
 * client-credentials grant, kept in memory only, refreshed shortly before `expires_in`, one refresh
 * shared by all callers, and dropped when Kinde rejects it so the next call fetches a fresh one
 * ({@link withToken}, used by verify and the management calls alike).
 */
import type { KyInstance } from "ky";
import type { ResolvedConnection } from "../config.ts";
import { raceAbort } from "./abort.ts";
import {
  isTokenRejected,
  type KindeCall,
  TOKEN_FAILURES,
  toKindeKeysError,
  unusableAnswer,
} from "./failures.ts";
import { tokenResponseSchema } from "./schemas.ts";
import { readJson } from "./transport.ts";

/** Hands out a valid M2M token. */
export interface TokenManager {
  /** A cached token, or a fresh one; concurrent callers share one request. */
  get(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` if it is the cached one (Kinde rejected it). */
  invalidate(token: string): void;
}

const TOKEN_CALL: KindeCall = {
  what: "M2M token request",
  kind: "token",
  authHint: "check the client id, secret and audience",
  failures: TOKEN_FAILURES,
};
// Visible ASCII only (a JWT, or any RFC 6750 token): no space, control or non-ASCII character.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
// Refresh this long before expiry (at most a tenth of the lifetime), so no call carries a token
// that expires in flight.
const MAX_EARLY_REFRESH_MS = 60_000;

/** Creates the token manager of one client. */
export function createTokenManager(connection: ResolvedConnection, http: KyInstance): TokenManager {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function request(): Promise<string> {
    let response: Response;
    try {
      response = await http.post("oauth2/token", {
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: connection.clientId,
          client_secret: connection.clientSecret,
          audience: connection.audience,
        }),
      });
    } catch (error) {
      throw toKindeKeysError(error, TOKEN_CALL);
    }
    const parsed = tokenResponseSchema.safeParse(await readJson(response, TOKEN_CALL.what));
    // The token goes into an `Authorization` header: one no header can carry would make `fetch`
    // throw an error whose message quotes it. Checked here, it never reaches a header or an error.
    if (!parsed.success || !TOKEN_CHARACTERS.test(parsed.data.access_token)) {
      throw unusableAnswer(
        TOKEN_CALL.what,
        "the answer has no access token a header can carry.",
        response.status,
      );
    }
    const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
    const early = Math.min(MAX_EARLY_REFRESH_MS, lifetimeMs / 10);
    cached = { token: parsed.data.access_token, refreshAt: Date.now() + lifetimeMs - early };
    return parsed.data.access_token;
  }

  return {
    get(signal) {
      if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (!inFlight) {
        inFlight = request().finally(() => {
          inFlight = undefined;
        });
      }
      return raceAbort(inFlight, signal);
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/**
 * Runs `run` with the M2M token, as Kinde advises: when Kinde rejects the token itself (see
 * `isTokenRejected`), the token is dropped and `run` runs once more with a fresh one. Any other
 * failure, and a second rejection, is thrown as it is.
 */
export async function withToken<T>(
  tokens: TokenManager,
  call: KindeCall,
  run: (token: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const token = await tokens.get(signal);
  try {
    return await run(token);
  } catch (error) {
    if (!isTokenRejected(error, call)) throw error;
    tokens.invalidate(token);
    return run(await tokens.get(signal));
  }
}
