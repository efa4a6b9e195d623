/**
 * @module adapter/fetch
 * The Fetch helper, for any runtime whose handlers take a `Request` and return a `Response`:
 * Next.js route handlers, Cloudflare Workers' `fetch(request, env, ctx)`, `Bun.serve`,
 * `Deno.serve`, SvelteKit, Remix, Astro. `withKindeApiKey(handler, options)` runs the adapter kit's
 * gate (one compiled pipeline, abort signal from `request.signal`, refusals checked to be sendable)
 * and calls the handler only with a verified key; `denialResponse` turns a refusal into a `Response`.
 *
 * It also guards a plain-JS hazard of the bare pattern: a handler that forgets an `await` or a
 * `return` hands back something that is not a `Response`, which some runtimes answer as an empty
 * 200. Here it is answered with core's 503 and an error log line instead.
 */

import type { KindeKeys } from "../client.ts";
import type { KindeEnv } from "../config.ts";
import { loggerOf } from "../logger.ts";
import {
  type AuthorizeDenial,
  sendableOrUnavailable,
  unavailableDenial,
} from "../request/answers.ts";
import type { VerifiedApiKey } from "../types.ts";
import { type AuditAccess, createRequestAudit } from "./audit.ts";
import { createGate, type Gate, type GateOutcome, type RequestAccess } from "./gate.ts";
import type { AdapterOptions } from "./options.ts";

/**
 * A handler behind {@link withKindeApiKey}: the request, the key verified for it, then whatever
 * else the runtime passes (Next.js: the route's context; Workers: `env` and `ctx`).
 */
export type KindeApiKeyHandler<Rest extends unknown[] = []> = (
  request: Request,
  key: VerifiedApiKey,
  ...rest: Rest
) => Response | Promise<Response>;

/**
 * Options of {@link withKindeApiKey}: those of every adapter (a `client` or the settings to build
 * one, and the route's rules), with `orgCode` a function of the `Request`. `client` and `env` may
 * also be functions of the handler's arguments, called on the first request: for settings that
 * exist only inside a request, or a module that must not build a client when it is loaded.
 */
export interface WithKindeApiKeyOptions<Scope extends string = string, Rest extends unknown[] = []>
  extends Omit<AdapterOptions<Scope, Request>, "env" | "client" | "required" | "passPreflight"> {
  /**
   * A client from `createKindeKeys`, to share its cache, token and rate-limit counts between
   * routes; or a function returning one, called with the handler's arguments on the first request
   * and then never again (e.g. `() => (client ??= createKindeKeys())`, shared by every route). If
   * the function throws, that request is answered 503 and the next one calls it again.
   * @default a client built from these options' settings
   */
  client?: KindeKeys<Scope> | ((request: Request, ...rest: Rest) => KindeKeys<Scope>);
  /**
   * Where `KINDE_*` settings come from when no `client` is given. A record is read once, now. A
   * function is called with the handler's arguments on the first request, and the client is built
   * then, once: on Cloudflare Workers, `(request, env) => env` reads the bindings. Until it yields
   * usable settings, requests are answered 503 and the next request tries again.
   * @default `process.env` where it exists, read now
   */
  env?: KindeEnv | ((request: Request, ...rest: Rest) => KindeEnv);
  /**
   * The route's template for audit events (e.g. `"/orgs/[org]/reports"` in Next.js): a Fetch
   * handler has no router to ask. Without it an event carries the request's path, query cut off.
   */
  route?: string;
}

/**
 * Wraps a Fetch handler so it runs only for a request with a valid Kinde API key (RFC 6750
 * `Authorization: Bearer …` unless `header` names another field). A refusal is answered with core's
 * status, headers and JSON body, exactly as the framework adapters answer it; on success the handler
 * gets the verified key, and the rate-limit fields, if any, are added to its `Response`. What the
 * handler throws is left to the runtime (it is not about the key).
 *
 * @throws {KindeKeysError} `CONFIG_INVALID` at creation when no `client` is given, `env` is not a
 * function, and the settings (or `KINDE_*` environment variables) are missing or unsafe
 * @throws {TypeError} when `handler` is not a function
 * @example
 * ```ts
 * // app/orgs/[org]/reports/route.ts (Next.js)
 * export const GET = withKindeApiKey(
 *   async (request, key) => Response.json({ owner: key.owner }),
 *   { scopes: ["read:reports"], orgCode: (request) => new URL(request.url).pathname.split("/")[2] },
 * );
 * // Cloudflare Workers: the client is built from the bindings on the first request
 * export default { fetch: withKindeApiKey(handle, { env: (_request, env: Env) => env }) };
 * ```
 */
export function withKindeApiKey<Scope extends string = string, Rest extends unknown[] = []>(
  handler: KindeApiKeyHandler<Rest>,
  options: WithKindeApiKeyOptions<Scope, Rest> = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  if (typeof handler !== "function") {
    throw new TypeError(
      "withKindeApiKey(handler, options) needs a handler: (request, key) => Response",
    );
  }
  const gateFor = gateSource(options);
  let gate: Gate<Request, Rest> | undefined;
  const logger = loggerOf(options.logger);
  const decide = async (request: Request, rest: Rest) => {
    try {
      gate ??= gateFor(request, rest);
      return await gate(request, rest);
    } catch (error) {
      // Only a `client` function can throw here: the gate itself never rejects.
      return unavailableDenial(error, options);
    }
  };
  const answer = async (outcome: GateOutcome, request: Request, rest: Rest): Promise<Response> => {
    if (!outcome.ok) return denialResponse(outcome);
    // Without `required: false` a pass has its key; with it, the handler checks for one.
    const response: unknown = await handler(request, outcome.key as VerifiedApiKey, ...rest);
    if (!isResponse(response)) {
      logger?.error?.(
        { returned: response === null ? "null" : typeof response },
        "withKindeApiKey: the handler did not return a Response (a missing `await` or `return`?)",
      );
      return denialResponse(
        unavailableDenial(new TypeError("The handler did not return a Response"), options),
      );
    }
    return withFields(response, outcome.headers);
  };
  const audit = createRequestAudit(options.audit, fetchAuditAccess(options.route), options.logger);
  if (!audit) return async (request, ...rest) => answer(await decide(request, rest), request, rest);
  return async (request, ...rest) => {
    const started = audit.start();
    const outcome = await decide(request, rest);
    let response: Response;
    try {
      response = await answer(outcome, request, rest);
    } catch (error) {
      // The runtime answers what the handler threw, as a 500 in every runtime we know.
      audit.record(request, undefined, 500, outcome, started);
      throw error;
    }
    audit.record(request, undefined, response.status, outcome, started);
    return response;
  };
}

/**
 * A refusal as a Fetch `Response`: its status, its headers and its JSON body, as every adapter
 * sends it. A refusal that cannot be sent as it is (a hand-made one with a header no `Response`
 * can carry, say) becomes core's 503.
 *
 * @example
 * ```ts
 * const result = await authorize(kinde, { headers: request.headers });
 * if (!result.ok) return denialResponse(result);
 * ```
 */
export function denialResponse(denial: AuthorizeDenial): Response {
  const sent = sendableOrUnavailable(denial);
  return new Response(JSON.stringify(sent.body), { status: sent.status, headers: sent.headers });
}

/** How a request's headers and abort signal are read from a Fetch `Request`. */
const fetchAccess: RequestAccess<Request, unknown[]> = {
  headers: (_names, request) => request.headers,
  signal: (request) => request.signal,
  method: (request) => request.method,
};

/** What an audit event reads from a Fetch `Request`: the template only when the app names it. */
function fetchAuditAccess(route: string | undefined): AuditAccess<Request> {
  if (route !== undefined && (typeof route !== "string" || route === "")) {
    throw new TypeError("`route` must be the route's template, a non-empty string");
  }
  return {
    method: (request) => request.method,
    route: () => route,
    path: (request) => new URL(request.url).pathname,
    requestId: (request) => request.headers.get("x-request-id"),
  };
}

/**
 * The gate of a wrapped handler: compiled now, or, with `client` a function, on the first request
 * from the client it returns. With `env` a function, the gate builds the client on the first
 * request from what it returns.
 */
function gateSource<Scope extends string, Rest extends unknown[]>(
  options: WithKindeApiKeyOptions<Scope, Rest>,
): (request: Request, rest: Rest) => Gate<Request, Rest> {
  const { client, env, route: _route, ...given } = options;
  // A Fetch handler serves every method, and its handler is typed with a key: preflights are
  // checked like any request (route OPTIONS before the wrapper, e.g. Next.js's own OPTIONS export).
  const settings = { ...given, passPreflight: false };
  if (typeof client === "function") {
    return (request, rest) =>
      createGate({ ...settings, client: client(request, ...rest) }, fetchAccess);
  }
  const access: RequestAccess<Request, Rest> =
    typeof env === "function"
      ? { ...fetchAccess, env: (request, rest) => env(request, ...rest) }
      : fetchAccess;
  const gate = createGate(
    { ...settings, client, env: typeof env === "function" ? undefined : env },
    access,
  );
  return () => gate;
}

/**
 * Whether `value` is a `Response`, also one made by another realm's class (a bundled `undici`, an
 * edge sandbox): its brand is checked, not its shape.
 */
function isResponse(value: unknown): value is Response {
  return value instanceof Response || Object.prototype.toString.call(value) === "[object Response]";
}

/**
 * The handler's response with the rate-limit fields set. A response whose headers are immutable
 * (`Response.redirect`, a `fetch` answer passed through) is copied first.
 */
function withFields(response: Response, fields: Readonly<Record<string, string>>): Response {
  let target = response;
  for (const name in fields) {
    try {
      target.headers.set(name, fields[name] as string);
    } catch {
      target = new Response(target.body, target);
      target.headers.set(name, fields[name] as string);
    }
  }
  return target;
}
