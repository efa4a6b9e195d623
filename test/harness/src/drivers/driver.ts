/**
 * @module drivers/driver
 * What every driver offers: send a `GET` with header lines as given, get the answer and its wall
 * time. Header lines may repeat a name, as on the wire; a record's array value is such a repeat.
 */
import type { OutgoingHttpHeaders } from "node:http";
import { DEFAULT_PATH } from "../app.ts";

/** Header lines in order; a name may repeat. */
export type HeaderLines = ReadonlyArray<readonly [name: string, value: string]>;

/** Headers as a record; an array value is sent as repeated lines. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[]>>;

/** One request: always `GET`. */
export interface HarnessRequest {
  /** @default "/things" */
  readonly path?: string;
  readonly headers?: HeaderLines | HeaderRecord;
  /**
   * Aborting it makes the client go away mid-request: the raw socket is destroyed, a Fetch app's
   * `Request` is aborted. (light-my-request cannot abort: use a socket driver for Node apps.)
   */
  readonly signal?: AbortSignal;
}

/** What came back. Header names lower-case; a repeated field joined with ", ". */
export interface HarnessResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Wall time from sending to the last byte, in milliseconds. */
  readonly ms: number;
}

/** Sends requests to one app. */
export interface Driver {
  send(request?: HarnessRequest): Promise<HarnessResponse>;
  /** Stops serving (a no-op for in-process drivers). */
  close(): Promise<void>;
}

/** The request's path and its headers as lines. */
export function requestLines(request: HarnessRequest = {}): {
  path: string;
  lines: HeaderLines;
  signal?: AbortSignal;
} {
  const { path = DEFAULT_PATH, headers = [], signal } = request;
  if (Array.isArray(headers)) return { path, lines: headers as HeaderLines, signal };
  const lines: [string, string][] = [];
  for (const [name, value] of Object.entries(headers as HeaderRecord)) {
    for (const one of typeof value === "string" ? [value] : value) lines.push([name, one]);
  }
  return { path, lines, signal };
}

/** Response headers of any transport as a lower-case record, repeats joined with ", ". */
export function headerRecord(
  headers: Headers | OutgoingHttpHeaders | Readonly<Record<string, unknown>>,
): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = [value].flat().join(", ");
  }
  return out;
}

/** Times `exchange`, adding `ms` to what it answers. */
export async function timed(
  exchange: () => Promise<Omit<HarnessResponse, "ms">>,
): Promise<HarnessResponse> {
  const started = performance.now();
  const response = await exchange();
  return { ...response, ms: performance.now() - started };
}
