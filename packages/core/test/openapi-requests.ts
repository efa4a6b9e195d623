/**
 * @module test/openapi-requests
 * Checks that every request the SDK sends to the fake Kinde is one Kinde's Management API accepts:
 * method and path of a documented operation, its query parameters and JSON body valid against
 * Kinde's OpenAPI document (`packages/testing/spec/kinde-mgmt-api-specs.yaml`). The fake is lenient
 * on purpose (it takes names as scope ids); this keeps the SDK honest against the real contract.
 * The token endpoint (`/oauth2/token`) is OAuth, not part of that document, and is skipped.
 */
import { fileURLToPath } from "node:url";
import type { SetupServer } from "msw/node";
import { OpenAPIBackend } from "openapi-backend";
import { afterEach, beforeEach } from "vitest";

const SPEC = fileURLToPath(
  new URL("../../testing/spec/kinde-mgmt-api-specs.yaml", import.meta.url),
);

/** What is checked of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

let backend: Promise<OpenAPIBackend> | undefined;

/** The spec, read and compiled once per test file. */
function spec(): Promise<OpenAPIBackend> {
  backend ??= (async () => {
    const api = new OpenAPIBackend({ definition: SPEC, quick: true, validate: true });
    await api.init();
    return api;
  })();
  return backend;
}

/**
 * Records every request `server` sees and, after each test, fails it if one of the requests it
 * made is not valid against Kinde's document. Call once per test file, after creating `server`.
 * Returns the requests of the running test, for assertions of its own.
 */
export function checkRequestsAgainstSpec(server: SetupServer): { readonly seen: SeenRequest[] } {
  const recorded: { seen: SeenRequest[] } = { seen: [] };
  const pending: Promise<void>[] = [];
  server.events.on("request:start", ({ request }) => {
    pending.push(read(request.clone()).then((seen) => void recorded.seen.push(seen)));
  });
  beforeEach(() => {
    recorded.seen = [];
    pending.length = 0;
  });
  afterEach(async () => {
    await Promise.all(pending);
    const problems = await violations(recorded.seen);
    if (problems.length > 0) {
      throw new Error(
        `Requests not valid against Kinde's OpenAPI document:\n${problems.join("\n")}`,
      );
    }
  });
  return recorded;
}

/** The problems of each request that Kinde's document does not allow; `[]` when all are valid. */
export async function violations(requests: readonly SeenRequest[]): Promise<string[]> {
  const api = await spec();
  const problems: string[] = [];
  for (const request of requests) {
    if (request.path === "/oauth2/token") continue;
    const input = { ...request, headers: { "content-type": "application/json" } };
    const operation = api.matchOperation(input);
    if (!operation) {
      problems.push(`${request.method} ${request.path}: no such operation`);
      continue;
    }
    const result = api.validateRequest(input, operation);
    for (const error of result.errors ?? []) {
      problems.push(
        `${request.method} ${request.path} (${operation.operationId}): ${error.instancePath} ${error.message}`,
      );
    }
  }
  return problems;
}

async function read(request: Request): Promise<SeenRequest> {
  const url = new URL(request.url);
  const text = request.method === "GET" || request.method === "DELETE" ? "" : await request.text();
  let body: unknown = text;
  if (request.headers.get("content-type")?.includes("application/json")) body = JSON.parse(text);
  return {
    method: request.method.toLowerCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
  };
}
