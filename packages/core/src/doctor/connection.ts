/**
 * @module doctor/connection
 * The doctor's first checks: the domain's form, whether Kinde answers there, and the M2M token.
 */
import { isKindeKeysError } from "../errors.ts";
import type { TokenManager } from "../kinde/token.ts";
import type { SetupCheck } from "./index.ts";

/** The token checks, and the token when Kinde issued one. */
export interface TokenOutcome {
  readonly checks: readonly SetupCheck[];
  readonly token: string | undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Kinde serves M2M tokens and the management API on the Kinde domain (`<sub>.kinde.com`), even
 * when sign-in uses a custom domain; loopback is a local fake.
 */
export function checkDomain(origin: string): SetupCheck {
  const url = new URL(origin);
  if (url.hostname.endsWith(".kinde.com") || LOOPBACK.test(url.hostname)) {
    return { name: "domain", ok: true, detail: origin };
  }
  return {
    name: "domain",
    ok: false,
    detail: `${origin} is not a *.kinde.com host`,
    hint:
      "Kinde serves M2M tokens and the management API on your Kinde domain (<business>.kinde.com), " +
      "also when sign-in uses a custom domain: set KINDE_DOMAIN to it",
  };
}

/** Asks for an M2M token; whether any answer came tells whether Kinde is reachable. */
export async function checkToken(
  tokens: TokenManager,
  origin: string,
  signal: AbortSignal | undefined,
): Promise<TokenOutcome> {
  try {
    const token = await tokens.get(signal);
    return {
      token,
      checks: [
        { name: "reachable", ok: true, detail: `Kinde answers at ${origin}` },
        { name: "token", ok: true, detail: "Kinde issued an M2M token for these credentials" },
      ],
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const status = isKindeKeysError(error) ? error.status : undefined;
    if (status === undefined) return unreachable(error, origin);
    return {
      token: undefined,
      checks: [
        { name: "reachable", ok: true, detail: `Kinde answers at ${origin}` },
        { name: "token", ok: false, ...tokenRefusal(status, origin) },
      ],
    };
  }
}

function unreachable(error: unknown, origin: string): TokenOutcome {
  const why = error instanceof Error ? error.message : "request failed";
  return {
    token: undefined,
    checks: [
      {
        name: "reachable",
        ok: false,
        detail: `no answer from ${origin}: ${why}`,
        hint: "check the domain (a bare host gets https://) and that this machine can reach it",
      },
      { name: "token", ok: false, detail: "not checked: Kinde did not answer" },
    ],
  };
}

/** What a refused token request means, by status. */
function tokenRefusal(status: number, origin: string): { detail: string; hint: string } {
  if (status === 404) {
    return {
      detail: `no token endpoint at ${origin} (404)`,
      hint: "wrong Kinde domain: use <business>.kinde.com",
    };
  }
  if (status === 429 || status >= 500) {
    return { detail: `Kinde answered ${status}`, hint: "Kinde is failing or limiting; try again" };
  }
  if (status >= 400 && status < 500) {
    return {
      detail: `Kinde refused the M2M credentials (${status})`,
      hint:
        "check KINDE_MANAGEMENT_CLIENT_ID and KINDE_MANAGEMENT_CLIENT_SECRET (an M2M application's, " +
        "not the front-end KINDE_CLIENT_ID) and the audience (<origin>/api)",
    };
  }
  return { detail: `Kinde's token answer was not usable (${status})`, hint: "check the domain" };
}
