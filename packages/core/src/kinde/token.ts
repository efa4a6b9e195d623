/**
 * @module kinde/token
 * The M2M access token every call to Kinde's API needs, as Kinde advises: requested with the
 * client-credentials grant, kept in memory only, refreshed shortly before `expires_in`, one refresh
 * shared by all callers, and dropped when Kinde rejects it so the next call fetches a fresh one
 * ({@link withToken}, used by verify and the management calls alike).
 */
import type { KyInstance } from "ky";
import type { ResolvedConnection } from "../config.ts";
import { KindeKeysError } from "../errors.ts";
import { raceAbort } from "./abort.ts";
import { tokenResponseSchema } from "./schemas.ts";
import { httpFailure, readJson, toKindeKeysError } from "./transport.ts";

/** Hands out a valid M2M token. */
export interface TokenManager {
  /** A cached token, or a fresh one; concurrent callers share one request. */
  get(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` if it is the cached one (Kinde rejected it). */
  invalidate(token: string): void;
}

const WHAT = "M2M token request";
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
      const failure = httpFailure(error);
      // OAuth answers bad credentials, an unknown audience or a missing grant with 400/401.
      if (
        failure &&
        failure.status >= 400 &&
        failure.status < 500 &&
        failure.status !== 408 &&
        failure.status !== 429
      ) {
        throw new KindeKeysError(
          "KINDE_AUTH_FAILED",
          `${WHAT}: Kinde refused the M2M credentials (${failure.status}); check the client id, secret and audience.`,
          { status: failure.status },
        );
      }
      throw toKindeKeysError(error, WHAT);
    }
    const parsed = tokenResponseSchema.safeParse(await readJson(response, WHAT));
    if (!parsed.success) {
      throw new KindeKeysError("KINDE_BAD_RESPONSE", `${WHAT}: the answer has no access token.`, {
        status: response.status,
      });
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
 * Runs `call` with the M2M token, as Kinde advises: when Kinde rejects the token (`isRejected`, a
 * 401 that is about the token), the token is dropped and `call` runs once more with a fresh one.
 * Any other failure, and a second rejection, is thrown as it is.
 */
export async function withToken<T>(
  tokens: TokenManager,
  call: (token: string) => Promise<T>,
  isRejected: (error: unknown) => boolean,
  signal?: AbortSignal,
): Promise<T> {
  const token = await tokens.get(signal);
  try {
    return await call(token);
  } catch (error) {
    if (!isRejected(error)) throw error;
    tokens.invalidate(token);
    return call(await tokens.get(signal));
  }
}
