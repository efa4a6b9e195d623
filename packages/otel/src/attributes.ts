/**
 * @module attributes
 * Every attribute and instrument name this package writes, in one place. Values come only from the
 * secret-free parts of kinde-keys' events (key id, owner type, org code, outcome, cache flags) and
 * from the request line of a call to Kinde (method, host, path, status): never a key, a key hint,
 * a token, a header or a body.
 */

/** Attributes set on the request's active span. */
export const REQUEST_ATTRIBUTES = {
  keyId: "kinde_keys.key_id",
  ownerType: "kinde_keys.owner_type",
  orgCode: "kinde_keys.org_code",
  verifyOutcome: "kinde_keys.verify.outcome",
  cached: "kinde_keys.cached",
  stale: "kinde_keys.stale",
  outcome: "kinde_keys.outcome",
} as const;

/** Instrument names. */
export const METRICS = {
  verifications: "kinde_keys.verifications",
  kindeCallDuration: "kinde_keys.kinde_call.duration",
  refusals: "kinde_keys.refusals",
  breakerState: "kinde_keys.breaker.state",
} as const;

/** The instrumentation scope's name, for `getTracer` / `getMeter`. */
export const SCOPE = "@acme/kinde-keys-otel";
