/**
 * @module apps/steps
 * For frameworks that do not chain middleware (Fastify's plugins and hooks, the Fetch helper's
 * wrapped handlers), the routes' handlers as steps: each builder reads a route's steps and mounts
 * them its own way, so `routes.ts` still writes the routes once for every framework.
 */
import type { RouteOptions } from "./adapters.ts";
import type { AdapterLike } from "./routes.ts";

/** One handler of a route: the key check with its options, a scope requirement, or the answer. */
export type Step<Context> =
  | { readonly kind: "check"; readonly options: RouteOptions<Context> }
  | { readonly kind: "scopes"; readonly scopes: readonly string[] }
  | { readonly kind: "answer" };

/** The route's last step. */
export const ANSWER: Step<never> = { kind: "answer" };

/** An adapter whose `kindeApiKey` and `requireScopes` only say what to mount. */
export function stepAdapter<Context>(): AdapterLike<Step<Context>, Context> {
  return {
    kindeApiKey: (options) => ({ kind: "check", options: options as RouteOptions<Context> }),
    requireScopes: (...scopes) => ({ kind: "scopes", scopes }),
  };
}

/**
 * A route's steps read back: its key check (if any) and the scopes required after it, `undefined`
 * when the route has no `requireScopes` step. A step with no scopes still requires a key, which
 * matters on a route where the check lets requests without one through (`required: false`).
 */
export function readSteps<Context>(steps: readonly Step<Context>[]): {
  check: RouteOptions<Context> | undefined;
  scopes: string[] | undefined;
} {
  let check: RouteOptions<Context> | undefined;
  let scopes: string[] | undefined;
  for (const step of steps) {
    if (step.kind === "check") check = step.options;
    else if (step.kind === "scopes") scopes = [...(scopes ?? []), ...step.scopes];
  }
  return { check, scopes };
}
