/**
 * @module conformance/answers
 * The conformance suite's record of answers: each case's answer reduced to what an adapter decides
 * (transport headers left out, JSON bodies parsed), compared between frameworks and kept, one case
 * per line, in `test/adapter-conformance/answers.snap`.
 */
import type { HarnessResponse } from "../drivers/driver.ts";

/** One case's answer as compared and kept. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Where the answers are kept, beside the suite's history; every adapter must match it. */
export const ANSWERS_FILE = decodeURIComponent(
  new URL("../../../adapter-conformance/answers.snap", import.meta.url).pathname,
);

/** Added by the HTTP server or the framework itself, never by an adapter: left out of comparisons. */
const TRANSPORT_HEADERS = new Set([
  "date",
  "x-powered-by",
  "content-length",
  "etag",
  "connection",
  "keep-alive",
  "transfer-encoding",
]);

/** The parts of a response an adapter decides. */
export function toAnswer(response: HarnessResponse): Answer {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(response.headers).sort()) {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = response.headers[name] ?? "";
  }
  const json = headers["content-type"]?.startsWith("application/json");
  return {
    status: response.status,
    headers,
    body: json ? JSON.parse(response.body) : response.body,
  };
}

/** One case per line, so a difference between frameworks shows as a one-line diff. */
export function serialise(answers: Record<string, Answer>): string {
  const lines = Object.entries(answers).map(
    ([name, answer]) => `  ${JSON.stringify(name)}: ${JSON.stringify(answer)}`,
  );
  return `{\n${lines.join(",\n")}\n}\n`;
}
