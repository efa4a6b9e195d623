/**
 * @module config
 * Turning user options and environment variables into a checked configuration, once, at
 * construction. Every problem is a `CONFIG_INVALID` error that names the setting, never its value.
 */
import { KindeKeysError } from "./errors.ts";
import { loggerOf, safeLogger } from "./logger.ts";
import type { Logger } from "./types.ts";

/** Environment variables the SDK reads, the names Kinde's own SDKs use. */
export type KindeEnv = Readonly<Record<string, string | undefined>>;

/** Connection settings shared by everything that talks to Kinde. */
export interface KindeConnectionConfig {
  /**
   * Your Kinde domain, as Kinde serves its API: `<sub>.kinde.com`, even when users sign in on a
   * custom domain (a warning is logged for any other host). A bare host gets `https://`, a bare
   * loopback host (`127.0.0.1:4100`) `http://`; `http://` is refused except to loopback.
   * @default env `KINDE_DOMAIN`, else `KINDE_ISSUER_URL` when it is a `*.kinde.com` host
   */
  domain?: string;
  /**
   * Client id of an M2M application with `read:api_keys`.
   * @default env `KINDE_MANAGEMENT_CLIENT_ID`, then `KINDE_M2M_CLIENT_ID`
   */
  clientId?: string;
  /**
   * Client secret of that application. Never logged, never put in an error.
   * @default env `KINDE_MANAGEMENT_CLIENT_SECRET`, then `KINDE_M2M_CLIENT_SECRET`
   */
  clientSecret?: string;
  /**
   * Audience of the M2M token.
   * @default `${origin}/api`
   */
  audience?: string;
  /**
   * Per-attempt timeout for a call to Kinde, in milliseconds.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Bound on one whole call including retries and their waits, in milliseconds.
   * @default 2 × timeoutMs
   */
  totalTimeoutMs?: number;
  /** Retries of network errors, 5xx and 429. */
  retry?: {
    /** @default 2 */
    limit?: number;
    /** Longest wait honoured from `Retry-After` / `RateLimit-Reset`, in ms. @default 2000 */
    maxDelayMs?: number;
  };
  /** A `fetch` to use instead of the global one (tests, proxies). Read at call time. */
  fetch?: typeof fetch;
  /**
   * Where warnings and errors go: Kinde's health changing (failing, paused, recovered), a domain
   * Kinde does not serve, cache-store outages, failing hooks. Only changes of state are logged,
   * never a request, never a secret. A method that throws or rejects loses its line and nothing
   * else. `false` silences it.
   * @default `console`
   */
  logger?: Logger | false;
  /**
   * Variables to read defaults from, e.g. Cloudflare Workers bindings.
   * @default `process.env` where it exists, else nothing
   */
  env?: KindeEnv;
}

/** The checked configuration. */
export interface ResolvedConnection {
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retryLimit: number;
  readonly maxRetryDelayMs: number;
  readonly fetch: typeof fetch | undefined;
  readonly logger: Logger | undefined;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isLoopback(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname.endsWith(".localhost")
  );
}

/** `process.env` where the runtime has one; nothing on edge runtimes without it. */
export function defaultEnv(): KindeEnv {
  const candidate = (globalThis as { process?: { env?: KindeEnv } }).process;
  return candidate?.env ?? {};
}

function invalid(message: string): KindeKeysError {
  return new KindeKeysError("CONFIG_INVALID", message);
}

/**
 * Normalises a Kinde domain to an origin such as `https://acme.kinde.com`. A bare loopback host
 * (`127.0.0.1:4100`, a local fake) is read as `http://`: nothing serves TLS there, and `https://`
 * would fail every request with a 503 that says nothing about why.
 */
export function resolveOrigin(domain: string | undefined): string {
  const raw = domain?.trim();
  if (!raw) {
    throw invalid("Missing Kinde domain: pass `domain` or set KINDE_DOMAIN.");
  }
  const bare = !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  let url: URL;
  try {
    url = new URL(bare ? `https://${raw}` : raw);
  } catch {
    throw invalid("Kinde domain is not a valid host or URL.");
  }
  if (bare && isLoopback(url.hostname)) url.protocol = "http:";
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw invalid("Kinde domain must use https:// (http:// is allowed only for loopback hosts).");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalid("Kinde domain must be an https:// URL.");
  }
  if (url.username || url.password) {
    throw invalid("Kinde domain must not contain credentials.");
  }
  return url.origin;
}

/**
 * `value`, or `fallback` when it is absent. A string from the environment (`"50"`), `NaN` or
 * `Infinity` would turn a cache entry's expiry or eviction off, so only a finite positive number
 * (an integer where it counts something) passes.
 */
export function positive(
  name: string,
  value: unknown,
  fallback: number,
  integer?: boolean,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || (value as number) <= 0 || (integer && !Number.isInteger(value)))
    throw invalid(`\`${name}\` must be a positive ${integer ? "integer" : "number"}.`);
  return value as number;
}

/** The longest delay a timer can wait (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * {@link positive} for a delay a timer will wait: also at most {@link MAX_DELAY_MS}, which timers
 * would otherwise cut to 1 ms (every call would time out at once).
 * @throws {KindeKeysError} `CONFIG_INVALID` naming the setting
 */
export function delayMs(name: string, value: unknown, fallback: number): number {
  const ms = positive(name, value, Math.min(fallback, MAX_DELAY_MS));
  if (ms > MAX_DELAY_MS) {
    throw invalid(`\`${name}\` must be at most ${MAX_DELAY_MS} ms (what a timer can wait).`);
  }
  return ms;
}

/**
 * Checks the store settings: the deadline of a store call, and the secret that entries in a
 * pluggable cache store are sealed with (the client secret unless `cacheSecret` is given).
 * @throws {KindeKeysError} `CONFIG_INVALID`
 */
export function resolveStoreSettings(
  config: { readonly storeTimeoutMs?: unknown; readonly cacheSecret?: unknown },
  clientSecret: string,
): { readonly timeoutMs: number; readonly secret: string } {
  const timeoutMs = delayMs("storeTimeoutMs", config.storeTimeoutMs, 250);
  const { cacheSecret } = config;
  if (cacheSecret !== undefined && !(typeof cacheSecret === "string" && cacheSecret.length >= 16))
    throw invalid("`cacheSecret` must be a string of at least 16 characters.");
  return { timeoutMs, secret: (cacheSecret as string | undefined) ?? clientSecret };
}

/**
 * Checks the numbers of the cache settings (the rest is applied by the cache itself).
 * @throws {KindeKeysError} `CONFIG_INVALID`
 */
export function checkCacheOptions<Options extends CacheNumbers>(
  options: Options | false | undefined,
): Options | false | undefined {
  for (const name of ["ttlMs", "negativeTtlMs", "maxEntries"] as const) {
    if (options) positive(`cache.${name}`, options[name], 1, name === "maxEntries");
  }
  return options;
}

/** The numbers of the cache settings {@link checkCacheOptions} reads. */
interface CacheNumbers {
  readonly ttlMs?: number;
  readonly negativeTtlMs?: number;
  readonly maxEntries?: number;
}

/**
 * A warning for a domain Kinde does not serve its API on, else `undefined`. Kinde serves the
 * management API and M2M tokens on `<sub>.kinde.com` even when sign-in uses a custom domain.
 * Loopback and the reserved `.test` names (RFC 6761) are for fakes and say nothing.
 */
export function domainWarning(origin: string): string | undefined {
  const { hostname } = new URL(origin);
  if (/\.kinde\.com$|\.test$/.test(hostname) || isLoopback(hostname)) return undefined;
  return `kinde-keys: ${hostname} is not *.kinde.com, the only domain Kinde serves API keys and M2M tokens on`;
}

/** `KINDE_ISSUER_URL` only when it is a Kinde domain: Kinde's guides set it to a custom domain. */
function kindeIssuer(value: string | undefined): string | undefined {
  return value && /^(?:https:\/\/)?[^/]+\.kinde\.com\/?$/i.test(value.trim()) ? value : undefined;
}

/**
 * Checks the connection settings, filling gaps from the environment.
 * @throws {KindeKeysError} `CONFIG_INVALID`
 */
export function resolveConnection(config: KindeConnectionConfig = {}): ResolvedConnection {
  const env = config.env ?? defaultEnv();
  const origin = resolveOrigin(
    config.domain ?? env.KINDE_DOMAIN ?? kindeIssuer(env.KINDE_ISSUER_URL),
  );
  const clientId =
    config.clientId ?? env.KINDE_MANAGEMENT_CLIENT_ID ?? env.KINDE_M2M_CLIENT_ID ?? "";
  const clientSecret =
    config.clientSecret ?? env.KINDE_MANAGEMENT_CLIENT_SECRET ?? env.KINDE_M2M_CLIENT_SECRET ?? "";
  if (!clientId.trim()) {
    throw invalid(
      "Missing M2M client id: pass `clientId` or set KINDE_MANAGEMENT_CLIENT_ID (an M2M " +
        "application's id; KINDE_CLIENT_ID, a front-end application's, is not read).",
    );
  }
  if (!clientSecret.trim()) {
    throw invalid(
      "Missing M2M client secret: pass `clientSecret` or set KINDE_MANAGEMENT_CLIENT_SECRET.",
    );
  }
  const timeoutMs = delayMs("timeoutMs", config.timeoutMs, 5_000);
  const retryLimit = config.retry?.limit ?? 2;
  if (!Number.isInteger(retryLimit) || retryLimit < 0) {
    throw invalid("`retry.limit` must be a non-negative integer.");
  }
  // `console` takes `(obj, msg)` too: the fields print first, then the message.
  const logger = safeLogger(loggerOf(config.logger));
  const warning = domainWarning(origin);
  if (warning) logger?.warn?.({ origin }, warning);
  return {
    origin,
    clientId,
    clientSecret,
    audience: config.audience ?? `${origin}/api`,
    timeoutMs,
    totalTimeoutMs: delayMs("totalTimeoutMs", config.totalTimeoutMs, timeoutMs * 2),
    retryLimit,
    maxRetryDelayMs: delayMs("retry.maxDelayMs", config.retry?.maxDelayMs, 2_000),
    fetch: config.fetch,
    logger,
  };
}
