/**
 * @module request/refusals
 * The refusals of one route: every denial the pipeline answers passes through the route's `onError`
 * hook and the sendable check here (see `answers.ts`), with the route's realm. Compiled once per
 * route, so a step only names the refusal it means.
 */
import type { Logger } from "../types.ts";
import {
  type AuthorizeDenial,
  type DenialCode,
  deny,
  type RefusalHook,
  reshape,
  retryAfterOf,
  unavailableDenial,
} from "./answers.ts";

/** How the steps of one route refuse a request. */
export interface Refusals {
  /** The realm of the route's `WWW-Authenticate` challenges. */
  readonly realm: string;
  /** `denial` as it will be sent: through `onError` (given `error`), checked sendable. */
  finish(denial: AuthorizeDenial, error?: unknown): AuthorizeDenial;
  /** The 503 for a request that could not be decided, through `onError`. */
  unavailable(error: unknown): AuthorizeDenial;
  /** The refusal for a reason extraction or verify gave; `error` replaces the row's message. */
  forReason(reason: RefusalReason, error?: string): AuthorizeDenial;
}

/** Why extraction or verify found no usable key. */
export type RefusalReason = keyof typeof REASON_CODES;

const REASON_CODES = {
  missing: "MISSING_KEY",
  malformed: "INVALID_REQUEST",
  invalid: "INVALID_KEY",
  revoked: "KEY_REVOKED",
  inactive: "KEY_INACTIVE",
} as const satisfies Record<string, DenialCode>;

/** Compiles the refusals of a route from its `realm` and `onError`, once. */
export function createRefusals(
  options: { readonly realm?: string; readonly onError?: RefusalHook },
  logger: Logger | undefined,
): Refusals {
  const realm = options.realm ?? "api";
  const { onError } = options;
  const finish = (denial: AuthorizeDenial, error?: unknown) =>
    reshape(onError, denial, error, logger);
  return {
    realm,
    finish,
    unavailable: onError
      ? (error) => unavailableDenial(error, { realm, onError, logger })
      : quietUnavailable(realm, logger),
    forReason: (reason, error) => finish(deny(REASON_CODES[reason], { realm, error })),
  };
}

/**
 * The 503 of a route without `onError`: it depends only on the realm and its `Retry-After`, so each
 * is built and checked once and then shared, frozen. Under a spray of junk keys refused over
 * budget, that is most answers; building one per request made the spray cost more than it decides.
 */
function quietUnavailable(
  realm: string,
  logger: Logger | undefined,
): (error: unknown) => AuthorizeDenial {
  const made = new Map<number, AuthorizeDenial>();
  return (error) => {
    const seconds = retryAfterOf(error);
    let denial = made.get(seconds);
    if (!denial) {
      const built = unavailableDenial(error, { realm, logger });
      denial = Object.freeze({
        ...built,
        headers: Object.freeze(built.headers),
        body: Object.freeze(built.body),
      });
      made.set(seconds, denial);
    }
    return denial;
  };
}
