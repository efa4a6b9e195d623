/**
 * @module request/refused-key
 * A refusal decided after the key was verified (wrong organization, missing scope, rate limit)
 * remembers that key for the audit trail, so the event can say whose request was refused. The key
 * rides in a non-enumerable symbol slot of a copy of the refusal: it is never serialised, never
 * sent, and a hook that hands back one shared refusal object cannot mix two requests' keys.
 */
import type { VerifiedApiKey } from "../types.ts";
import type { AuthorizeDenial } from "./answers.ts";

// `Symbol.for`: the ESM and CJS builds are two loaded copies; both must read what the other wrote.
const REFUSED_KEY = Symbol.for("@acme/kinde-keys-core/refused-key/v1");

/** A copy of `denial` that remembers `key`. Called only on refusals, never on a pass. */
export function withRefusedKey(denial: AuthorizeDenial, key: VerifiedApiKey): AuthorizeDenial {
  const copy = { ...denial };
  Object.defineProperty(copy, REFUSED_KEY, { value: key, enumerable: false });
  return copy;
}

/** The verified key a refusal was decided for, or `undefined` when none was verified. */
export function refusedKeyOf(denial: AuthorizeDenial): VerifiedApiKey | undefined {
  return (denial as { [REFUSED_KEY]?: VerifiedApiKey })[REFUSED_KEY];
}
