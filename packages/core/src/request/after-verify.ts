/**
 * @module request/after-verify
 * The pipeline once verify has answered: a refused key becomes its refusal; a valid one is checked
 * against the route's API (`apiId`, see `api-binding.ts`), then decided (`decide.ts`). A refusal
 * decided for a verified key names it for the audit trail (`refused-key.ts`), and a pass accepted
 * stale, Kinde being unavailable, says so.
 */
import { andThen, type MaybePromise } from "../kinde/maybe-async.ts";
import type { VerifyResult } from "../types.ts";
import { deny } from "./answers.ts";
import type { ApiBindingCheck } from "./api-binding.ts";
import type { AuthorizeInput, AuthorizeResult } from "./authorize-types.ts";
import type { Decide } from "./decide.ts";
import type { Refusals } from "./refusals.ts";
import { withRefusedKey } from "./refused-key.ts";

/** The step after verify: the key's refusal, or the route's checks of a valid key. */
export type AfterVerify<Context> = (
  result: VerifyResult,
  input: AuthorizeInput<Context>,
) => MaybePromise<AuthorizeResult>;

type Valid = VerifyResult & { valid: true };

/**
 * Compiles the step after verify, once per route.
 *
 * @param belongs the route's `apiId` check, if it has one
 */
export function compileAfterVerify<Context>(
  decide: Decide<Context>,
  belongs: ApiBindingCheck | undefined,
  refusals: Refusals,
): AfterVerify<Context> {
  async function bound(
    result: Valid,
    input: AuthorizeInput<Context>,
    binding: ApiBindingCheck,
  ): Promise<AuthorizeResult> {
    // The audit trail names whose request was refused; a pass carries its key already.
    if (!(await binding(result.key, input.signal))) {
      return withRefusedKey(
        refusals.finish(deny("WRONG_API", { realm: refusals.realm })),
        result.key,
      );
    }
    return marked(result, await decide(result.key, input));
  }

  return (result, input) => {
    if (!result.valid) return refusals.forReason(result.reason);
    if (belongs) return bound(result, input, belongs);
    return andThen(decide(result.key, input), (decided) => marked(result, decided));
  };
}

/** A refusal names the verified key; a pass accepted stale says so. */
function marked(result: Valid, decided: AuthorizeResult): AuthorizeResult {
  if (!decided.ok) return withRefusedKey(decided, result.key);
  return result.stale ? { ...decided, stale: true } : decided;
}
