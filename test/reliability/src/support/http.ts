/**
 * @module support/http
 * A bare `node:http` client for loopback tests. Unlike `fetch`, it sends a repeated header as
 * separate header lines, and with a keep-alive agent it measures the server rather than the
 * connection set-up.
 */
import { Agent, type OutgoingHttpHeaders, request } from "node:http";

/** One HTTP answer, reduced to what the tests look at. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Wall time from sending to the last byte, in milliseconds. */
  readonly ms: number;
}

/** A keep-alive agent with at most `sockets` connections. */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** GET `url` with `headers`; array values go out as repeated header lines. */
export function get(url: string, headers: OutgoingHttpHeaders, agent?: Agent): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers, agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: flatten(res.headers),
          body: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** Answer headers of any transport as a plain lower-case record. */
export function headerRecord(headers: Headers | Record<string, unknown>): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers);
  return flatten(headers as Record<string, string | string[] | undefined>);
}
