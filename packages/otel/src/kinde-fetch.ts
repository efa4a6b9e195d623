/**
 * @module kinde-fetch
 * A `fetch` for the kinde-keys client that wraps each call to Kinde in a client span
 * (`kinde_keys.verify`, `kinde_keys.token`, `kinde_keys.management`), a child of whatever span is
 * active when the call starts, and records its duration. Only the request line is read: method,
 * host and path (the query string is left out), and the answer's status. Headers and bodies, which
 * carry the API key, the client secret and the M2M token, are never looked at.
 */
import {
  type Histogram,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";

/** Which call to Kinde a request is, from its path. */
export type KindeCallKind = "verify" | "token" | "management";

/** Wraps `base` so that each call is traced and timed. */
export function tracedFetch(
  base: typeof fetch | undefined,
  tracer: Tracer,
  duration: Histogram,
): typeof fetch {
  return async (input, init) => {
    const request = requestLine(input, init);
    const kind = callKind(request.path);
    const started = performance.now();
    return tracer.startActiveSpan(
      `kinde_keys.${kind}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "kinde_keys.call": kind,
          "http.request.method": request.method,
          "server.address": request.host,
          "url.path": request.path,
        },
      },
      async (span) => {
        try {
          const response = await (base ?? globalThis.fetch)(input, init);
          finish(span, duration, kind, started, { status: response.status });
          return response;
        } catch (error) {
          finish(span, duration, kind, started, { error });
          throw error;
        }
      },
    );
  };
}

/** Statuses that mean Kinde failed us (not a verdict on the key): overload, auth, server errors. */
function isFailure(status: number): boolean {
  return status >= 500 || status === 429 || status === 401 || status === 403;
}

function finish(
  span: Span,
  duration: Histogram,
  kind: KindeCallKind,
  started: number,
  outcome: { status: number } | { error: unknown },
): void {
  const attributes: Record<string, string | number> = { "kinde_keys.call": kind };
  if ("status" in outcome) {
    attributes["http.response.status_code"] = outcome.status;
    span.setAttribute("http.response.status_code", outcome.status);
    if (isFailure(outcome.status)) {
      attributes["error.type"] = String(outcome.status);
      span.setAttribute("error.type", String(outcome.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } else {
    // The error's class name only: a message could quote a URL or a header.
    const type = outcome.error instanceof Error ? outcome.error.name : "Error";
    attributes["error.type"] = type;
    span.setAttribute("error.type", type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  duration.record((performance.now() - started) / 1000, attributes);
  span.end();
}

function requestLine(
  input: Request | string | URL,
  init: RequestInit | undefined,
): { method: string; host: string; path: string } {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  return { method, host: url.hostname, path: url.pathname };
}

function callKind(path: string): KindeCallKind {
  if (path.endsWith("/api_keys/verify")) return "verify";
  if (path.endsWith("/oauth2/token")) return "token";
  return "management";
}
