/**
 * @module kinde/seal
 * Sealing what goes to a pluggable store, so that write access to the store (Redis) is not an
 * authentication bypass. An entry is `<mac>.<expiresAt>.<json>`, the MAC an HMAC-SHA-256 over the
 * entry's name and the rest, under a key derived from the client secret (or `cacheSecret`): a
 * forged entry, an entry moved to another key's name, or one kept past its expiry opens as nothing.
 *
 * Inside, a result is kept in the shape of Kinde's verify answer, so that what a store answers goes
 * through the very schema and rules Kinde's answers do (`toVerifyResult`): a complete, well-typed
 * key, or a known refusal reason, else a miss. It also costs the edge bundle no second schema.
 */
import { macWith } from "#hash";
import type { VerifyResult } from "../types.ts";
import { andThen, type MaybePromise } from "./maybe-async.ts";
import { toVerifyResult } from "./schemas.ts";

/** Seals results for a store and opens what it answers. */
export interface Sealer {
  /** `result` as text bound to `name`, expiring after `ttlMs` ms. */
  seal(name: string, result: VerifyResult, ttlMs: number): MaybePromise<string>;
  /** The result sealed in `raw` for `name`, or `undefined` when it is not one (forged, expired). */
  open(name: string, raw: unknown): MaybePromise<VerifyResult | undefined>;
}

// A derived key, not the secret itself: the MAC key has one purpose, and rotating the label
// (v2) would retire every entry at once.
const LABEL = "kinde-keys/cache-seal/v1";

/** A sealer keyed by `secret`; the key is derived once, on first use. */
export function createSealer(secret: string): Sealer {
  let sign: MaybePromise<(data: string) => MaybePromise<string>> | undefined;
  const mac = (data: string) => {
    sign ??= andThen(macWith(secret)(LABEL), macWith);
    return andThen(sign, (signer) => signer(data));
  };
  return {
    seal(name, result, ttlMs) {
      const body = `${Date.now() + ttlMs}.${JSON.stringify(asKindeAnswer(result))}`;
      return andThen(mac(`${name}.${body}`), (tag) => `${tag}.${body}`);
    },
    open(name, raw) {
      if (typeof raw !== "string") return undefined;
      const dot = raw.indexOf(".");
      const body = raw.slice(dot + 1);
      return andThen(mac(`${name}.${body}`), (tag) =>
        dot > 0 && sameText(tag, raw.slice(0, dot)) ? readBody(body) : undefined,
      );
    },
  };
}

/** `result` as Kinde's verify answer would state it. */
function asKindeAnswer(result: VerifyResult) {
  if (!result.valid) return { is_valid: false, status: result.reason };
  const { key } = result;
  return {
    is_valid: true,
    status: "active",
    key_id: key.keyId,
    scopes: key.scopes,
    org_code: key.orgCode,
    user_id: key.userId,
    last_verified_on: key.lastVerifiedOn,
    verification_count: key.verificationCount,
  };
}

/** The result in an authenticated body, unless it has expired or fails Kinde's schema. */
function readBody(body: string): VerifyResult | undefined {
  const dot = body.indexOf(".");
  if (!(Number(body.slice(0, dot)) > Date.now())) return undefined;
  try {
    return toVerifyResult(JSON.parse(body.slice(dot + 1)));
  } catch {
    return undefined;
  }
}

/** Compares two MACs in time that does not depend on where they differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
