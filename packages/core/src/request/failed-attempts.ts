/**
 * @module request/failed-attempts
 * Throttling clients that keep sending keys Kinde refuses: refusals (`INVALID_KEY`, and malformed
 * credentials) are counted per client in a rate-limit store; a client over its limit gets 429
 * `TOO_MANY_FAILED_ATTEMPTS` before any call to Kinde, unless its key is already cached as valid
 * (so one bad actor behind a shared NAT cannot lock out the good clients there). This protects
 * Kinde's rate limit, it does not decide authentication: a store that fails lets requests through.
 */
import { describeError, logSafely } from "../logger.ts";
import type { Logger } from "../types.ts";
import { checkDecision, checkWindow, type RateLimitStore } from "./rate-limit.ts";

/** The `failedAttempts` option of a route or middleware. */
export interface FailedAttemptsOptions<Context = unknown> {
  /** Refusals allowed per client and window. */
  limit: number;
  /** Window length in milliseconds (at least 1000). */
  windowMs: number;
  /**
   * Who the client is, from the request: e.g. Express `(req) => req.ip` (with `trust proxy` set to
   * your proxies, else every client behind them is one), or on Cloudflare Workers
   * `(c) => c.req.header("cf-connecting-ip")`. Answering nothing (or throwing) leaves the request
   * unthrottled. Without it, the option is off.
   */
  clientKey?: (context: Context) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Where counts live; it must implement `peek`.
   * @default the client's in-process memory rate-limit store
   */
  store?: RateLimitStore;
}

/** The compiled option: what the pipeline asks, per request, when it is on. */
export interface FailedAttemptGuard {
  /** The client's key, or `undefined` when none could be had (the request is not throttled). */
  clientOf(context: unknown): Promise<string | undefined>;
  /** Seconds until the client may try again when it is over its limit, else `undefined`. */
  blockedFor(client: string): Promise<number | undefined>;
  /** Counts one refusal against the client. */
  count(client: string): Promise<void>;
}

/**
 * Checks the option once, when the route is made; `undefined` when it is off (no `clientKey`).
 * @throws {TypeError} for a bad `limit` or `windowMs`, or a store without `peek`
 */
export function resolveFailedAttempts<Context>(
  options: FailedAttemptsOptions<Context> | undefined,
  defaultStore: () => RateLimitStore,
  logger: Logger | undefined,
): FailedAttemptGuard | undefined {
  if (!options?.clientKey) return undefined;
  const { limit, windowMs, clientKey } = options;
  checkWindow("failedAttempts", limit, windowMs);
  if (typeof clientKey !== "function")
    throw new TypeError("failedAttempts.clientKey must be a function of the request.");
  const store = options.store ?? defaultStore();
  if (typeof store.peek !== "function")
    throw new TypeError("failedAttempts.store must implement peek().");
  const prefix = `failed:${limit}:${windowMs}:`;
  const status = health(logger, "store");
  const keyStatus = health(logger, "clientKey");

  return {
    async clientOf(context) {
      try {
        const client = await clientKey(context as Context);
        return typeof client === "string" && client !== "" ? client : undefined;
      } catch (error) {
        return keyStatus.failed(error);
      }
    },
    async blockedFor(client) {
      try {
        const decision = checkDecision(await store.peek?.(prefix + client, limit, windowMs));
        status.recovered();
        return decision.allowed ? undefined : Math.max(1, Math.ceil(decision.resetMs / 1000));
      } catch (error) {
        return status.failed(error);
      }
    },
    async count(client) {
      try {
        checkDecision(await store.consume(prefix + client, limit, windowMs));
        status.recovered();
      } catch (error) {
        status.failed(error);
      }
    },
  };
}

/** Logs a failure of `what` once, then its recovery once, not on every request. */
function health(logger: Logger | undefined, what: "store" | "clientKey") {
  let healthy = true;
  return {
    failed(error: unknown): undefined {
      if (healthy) {
        healthy = false;
        logSafely(
          logger,
          "warn",
          { err: describeError(error) },
          `kinde-keys: failedAttempts ${what} failed; not throttling failed attempts until it recovers`,
        );
      }
      return undefined;
    },
    recovered(): void {
      if (healthy) return;
      healthy = true;
      logSafely(logger, "info", {}, `kinde-keys: failedAttempts ${what} recovered`);
    },
  };
}
