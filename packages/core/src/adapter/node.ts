/**
 * @module adapter/node
 * What Node-based adapters (Express, Koa, anything on `node:http`) read from a request: its headers,
 * with a repeated field kept visible, and an abort signal for a client that went away. Typed by
 * shape, so core needs no `node:` import and its types no `@types/node`.
 */
import type { HeadersInput } from "../types.ts";
import type { RequestAccess } from "./gate.ts";

/** The part of a Node `IncomingMessage` the kit reads. */
export interface NodeRequestLike {
  /** The request method (`IncomingMessage.method`). */
  readonly method?: string | undefined;
  /** Field names and values as received, alternating (`IncomingMessage.rawHeaders`). */
  readonly rawHeaders: readonly string[];
}

/** The part of a Node `ServerResponse` the kit reads. */
export interface NodeResponseLike {
  /** True once the connection is gone (or the response was destroyed). */
  readonly destroyed: boolean;
  /** True once the whole response was handed to the operating system. */
  readonly writableFinished: boolean;
  /** Node emits `close` when the response is done, or when the connection closes before that. */
  once(event: "close", listener: () => void): unknown;
}

/**
 * Request access for a Node handler `(req, res)`: headers from `req`, the signal from `res`. Express
 * uses it as it is; a framework with its own context maps to `req` and `res` (Koa: `ctx.req`,
 * `ctx.res`).
 */
export const nodeAccess: RequestAccess<NodeRequestLike, NodeResponseLike> = {
  headers: (names, req) => nodeHeaders(req, names),
  signal: (_req, res) => nodeAbortSignal(res),
  method: (req) => req.method ?? "GET",
};

/**
 * The fields `names` (lower-case) of a Node request, read from `rawHeaders`: a field sent twice is
 * an array, so the pipeline refuses it as ambiguous, as it does on Fetch runtimes (`req.headers`
 * keeps only the first `Authorization`). Reading only the fields the route needs, rather than
 * `req.headersDistinct`, keeps a warm-cache request cheap: Node builds that record for every field.
 *
 * @example
 * ```ts
 * nodeHeaders(req, ["authorization"]); // { authorization: "Bearer k_live_…" }, or an array if repeated
 * ```
 */
export function nodeHeaders(req: NodeRequestLike, names: readonly string[]): HeadersInput {
  const raw = req.rawHeaders;
  const found: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i] as string;
    for (const name of names) {
      if (field.length === name.length && field.toLowerCase() === name)
        add(found, name, raw[i + 1] as string);
    }
  }
  return found;
}

function add(found: Record<string, string | string[]>, name: string, value: string): void {
  const seen = found[name];
  if (seen === undefined) found[name] = value;
  else if (typeof seen === "string") found[name] = [seen, value];
  else seen.push(value);
}

/**
 * A signal that aborts when the client goes away before the response is finished, so a request
 * nobody waits for stops waiting for Kinde. Creates a controller and a listener: call it only when
 * Kinde must be asked (the kit does, through {@link RequestAccess.signal}).
 */
export function nodeAbortSignal(res: NodeResponseLike): AbortSignal {
  const controller = new AbortController();
  const abort = () => {
    if (!res.writableFinished)
      controller.abort(new DOMException("The client closed the connection", "AbortError"));
  };
  if (res.destroyed) abort();
  else res.once("close", abort);
  return controller.signal;
}
