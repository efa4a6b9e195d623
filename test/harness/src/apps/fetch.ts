/**
 * @module apps/fetch
 * The harness app on core's Fetch helper (see `app.ts` for the routes): a plain
 * `(request) => Promise<Response>` with a small router, each route's handler wrapped by
 * `withKindeApiKey`. `requireScopes` becomes the route's `scopes` option, as a Fetch app writes it.
 */
import type { BuildSpec } from "../app.ts";
import { HANDLER_ANSWER, NO_KEY } from "../app.ts";
import { routes } from "./routes.ts";
import { ANSWER, readSteps, type Step, stepAdapter } from "./steps.ts";

type Handler = (request: Request) => Promise<Response>;

/** Builds the app; the result answers one Fetch request. */
export function fetchApp(spec: BuildSpec<"fetch">): Handler {
  const helper = spec.adapter;
  const answer = (key: { readonly keyId: string } | undefined) => {
    spec.handled.push(key?.keyId ?? NO_KEY);
    return new Response(HANDLER_ANSWER.body, {
      status: HANDLER_ANSWER.status,
      headers: HANDLER_ANSWER.headers,
    });
  };
  const table: [RegExp, Handler][] = [];
  const adapter = helper ? stepAdapter<Request>() : undefined;
  for (const [path, steps] of routes({ ...spec, adapter }, orgOf, ANSWER as Step<Request>)) {
    const { check, scopes } = readSteps(steps);
    const handler: Handler =
      helper && check
        ? helper.withKindeApiKey((_request, key) => answer(key), {
            ...withScopes(check, scopes),
            route: path,
          })
        : async () => answer(undefined);
    table.push([pattern(path), handler]);
  }
  return async (request) => {
    const path = new URL(request.url).pathname;
    const route = table.find(([match]) => match.test(path));
    return route ? route[1](request) : new Response("Not Found", { status: 404 });
  };
}

/**
 * The route's options with its `requireScopes` step folded in. Such a step needs a key even with no
 * scopes, so it makes the key required on its route.
 */
function withScopes<Options extends { scopes?: readonly string[]; required?: boolean }>(
  check: Options,
  scopes: readonly string[] | undefined,
): Options {
  if (!scopes) return check;
  const all = [...(check.scopes ?? []), ...scopes];
  return { ...check, required: true, ...(all.length ? { scopes: all } : {}) };
}

const ORG_ROUTE = /^\/orgs\/([^/]+)\/things$/;

/** The `:org` parameter of the org route, decoded as the other frameworks' routers do. */
function orgOf(request: Request): string | undefined {
  const raw = ORG_ROUTE.exec(new URL(request.url).pathname)?.[1];
  return raw === undefined ? undefined : decodeURIComponent(raw);
}

/** A route path with `:name` parameters as an anchored pattern. */
function pattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/:[a-z]+/g, "[^/]+")}$`);
}
