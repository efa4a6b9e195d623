/**
 * @module kinde/token
 * The M2M access token every call to Kinde's API needs, as Kinde advises: requested with the
 * client-credentials grant, kept in memory only, refreshed shortly before `expires_in`, one refresh
 * shared by all callers, and dropped when Kinde rejects it so the next call fetches a fresh one
 * ({@link withToken}, used by verify and the management calls alike).
 */
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
import { type KindeAnswer, post, readJson } from "./transport.ts";

/** Hands out a valid M2M token. */
export interface TokenManager {
  /** A cached token, or a fresh one; concurrent callers share one request. */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * Kinde rejected `token`: forgets it, and says whether a call may be retried with another. A
   * token younger than {@link FRESH_MS} is kept and `false` returned: Kinde refusing a token it has
   * just issued is a setup problem (or Kinde's way of refusing a key), and a new token would not
   * help, only cost one (Kinde bills per token). So a refresh happens at most once a minute.
   */
  invalidate(token: string): boolean;
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
/** A token this young is never replaced because of a 401. */
export const FRESH_MS = 60_000;

/** Creates the token manager of one client. */
export function createTokenManager(connection: ResolvedConnection): TokenManager {
  let cached: { token: string; refreshAt: number; at: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function request(): Promise<string> {
    let response: KindeAnswer;
    try {
      response = await post(
        connection,
        "oauth2/token",
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id: connection.clientId,
          client_secret: connection.clientSecret,
          audience: connection.audience,
        }),
      );
    } catch (error) {
      throw toKindeKeysError(error, TOKEN_CALL);
    }
    const parsed = tokenResponseSchema.safeParse(readJson(response, TOKEN_CALL.what));
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
    const at = Date.now();
    cached = { token: parsed.data.access_token, refreshAt: at + lifetimeMs - early, at };
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
      // Already replaced by another caller: retry with the new one, which costs nothing more.
      if (cached?.token !== token) return true;
      if (Date.now() - cached.at < FRESH_MS) return false;
      cached = undefined;
      return true;
    },
  };
}

/**
 * Runs `run` with the M2M token, as Kinde advises: when Kinde rejects the token itself (see
 * `isTokenRejected`) and the token is not fresh, the token is dropped and `run` runs once more with
 * a new one. Any other failure, a rejected fresh token, and a second rejection are thrown as they are.
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
    if (!isTokenRejected(error, call) || !tokens.invalidate(token)) throw error;
    return run(await tokens.get(signal));
  }
}
