/**
 * @module request/owner-rule
 * Where the pipeline's owner check gets the organization a request is about: the input's `orgCode`
 * when the property is present, else the route's `orgCode` option (a value, or a function of the
 * request that may be async), else none, and only then is the organization check skipped.
 */
import { andThen, type MaybePromise } from "../kinde/maybe-async.ts";
import type { CheckOwnerOptions, OwnerRequirement } from "./owner.ts";

/** The options of one request's owner check. */
export type OwnerRule = CheckOwnerOptions;

type OrgSource<Context> =
  | string
  | ((context: Context) => MaybePromise<string | null | undefined>)
  | undefined;

/**
 * Compiles the route's `orgCode` option once into a function of the request. A function's answer is
 * awaited only when it is a promise, so a synchronous resolver costs no promise hop. A throw or a
 * rejection is the caller's to turn into a refusal.
 */
export function ownerRuleOf<Context>(options: {
  readonly orgCode?: OrgSource<Context>;
}): (
  input: { readonly orgCode?: string | null | undefined; readonly context?: Context },
  owner: OwnerRequirement | readonly OwnerRequirement[] | undefined,
) => MaybePromise<OwnerRule> {
  // Present in the options means configured: even as `undefined` (an unset variable), it is
  // checked, and refuses, rather than silently skipped.
  const configured = "orgCode" in options;
  const source = options.orgCode;
  return (input, owner) => {
    if ("orgCode" in input) return { owner, orgCode: input.orgCode };
    if (!configured) return { owner };
    if (typeof source !== "function") return { owner, orgCode: source };
    return andThen(source(input.context as Context), (orgCode) => ({ owner, orgCode }));
  };
}
