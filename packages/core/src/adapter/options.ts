/**
 * @module adapter/options
 * The options every framework adapter's `kindeApiKey` takes, declared once: a client (or the
 * settings to build one) and the route's rules. An adapter narrows it with its own context type,
 * the value an `orgCode` function receives.
 */
import type { AuditSink } from "../audit/event.ts";
import type { KindeKeys, KindeKeysConfig } from "../client.ts";
import type { RegisteredScope } from "../register.ts";
import type { AuthorizeOptions } from "../request/authorize.ts";
import type { AuditOptions } from "./audit.ts";

/**
 * Options of an adapter's `kindeApiKey`. `Scope` is the app's scope union (taken from `client`
 * when one is given); `Context` is what the framework hands an `orgCode` function.
 *
 * @example
 * ```ts
 * export type KindeApiKeyOptions<Scope extends string = string> = AdapterOptions<Scope, Context>;
 * ```
 */
export interface AdapterOptions<Scope extends string = RegisteredScope, Context = unknown>
  extends Omit<AuthorizeOptions<Scope, Context>, "scopes">,
    KindeKeysConfig {
  /**
   * A client from `createKindeKeys`, to share its cache and rate-limit counts between middlewares.
   * When set, the connection settings of these options are ignored.
   * @default a client built once from these options (when the middleware is created, or on the
   * first request where the adapter reads settings from the request, as Hono does with `env(c)`)
   */
  client?: KindeKeys<Scope>;
  /** Scopes the key must hold, checked against the scope union of `client`. */
  scopes?: readonly NoInfer<Scope>[];
  /**
   * An audit trail: one event per request, after the response status is known, for passes and
   * refusals alike (a function, or `{ sink, clientIp, concurrency, maxQueue }`). Never the key, never
   * headers. A sink that throws or rejects is logged and changes nothing. Off: no per-request cost.
   * @default off
   */
  audit?: AuditSink | AuditOptions<Context> | false;
  /**
   * Lets CORS preflights (`OPTIONS` with `Access-Control-Request-Method`) through untouched, with no
   * key: browsers never send credentials on them. `false` checks them like any request.
   * @default true
   */
  passPreflight?: boolean;
}
