import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bearer,
  captureLogger,
  clientConfig,
  NO_KEY_IN_AUTHORIZATION,
  setupFakeKinde,
} from "../../test/helpers.ts";
import { isKindeKeysError } from "../errors.ts";
import type { AuthorizeResult } from "../request/authorize.ts";
import type { VerifiedApiKey, VerifyEvent } from "../types.ts";
import { createGate, type RequestAccess } from "./gate.ts";
import { nodeAccess } from "./node.ts";

const { fake, server, createKinde } = setupFakeKinde();
const VERIFY_URL = () => `${fake.origin}/api/v1/api_keys/verify`;

/** Headers from a Fetch `Request`, and a counter of how often the signal was asked for. */
function fetchAccess(): RequestAccess<Request> & { signals: number } {
  const access = {
    signals: 0,
    headers: (_names: readonly string[], request: Request) => request.headers,
    method: (request: Request) => request.method,
    signal(request: Request) {
      access.signals += 1;
      return request.signal;
    },
  };
  return access;
}

const request = (apiKey: string) => new Request("https://api.test/", { headers: bearer(apiKey) });

describe("createGate: the client", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is built when the gate is created, so bad settings throw at set-up", () => {
    let thrown: unknown;
    try {
      createGate({ env: {} }, fetchAccess());
    } catch (error) {
      thrown = error;
    }
    expect(isKindeKeysError(thrown) && thrown.code).toBe("CONFIG_INVALID");
  });

  it("with `env`, is built on the first request, once, from the runtime's settings", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const reads: string[] = [];
    const access = {
      ...fetchAccess(),
      env(context: Request) {
        reads.push(context.url);
        return { KINDE_DOMAIN: fake.origin, KINDE_MANAGEMENT_CLIENT_ID: fake.clientId };
      },
    };
    const gate = createGate({ clientSecret: fake.clientSecret }, access);
    expect(reads).toEqual([]);
    expect((await gate(request(key))).ok).toBe(true);
    expect((await gate(request(key))).ok).toBe(true);
    expect(reads).toEqual(["https://api.test/"]);
  });

  it("with `env`, answers 503 while the settings are missing, then recovers", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    let settings: Record<string, string> = {};
    const gate = createGate(
      { clientId: fake.clientId, clientSecret: fake.clientSecret },
      { ...fetchAccess(), env: () => settings },
    );
    const refused = await gate(request(key));
    expect(refused).toMatchObject({ ok: false, status: 503, headers: { "retry-after": "5" } });
    settings = { KINDE_DOMAIN: fake.origin };
    expect((await gate(request(key))).ok).toBe(true);
  });

  it("with `env`, logs a client that cannot be built once, not per request", async () => {
    const { logger, lines } = captureLogger();
    const gate = createGate(
      { clientId: fake.clientId, clientSecret: fake.clientSecret, logger },
      { ...fetchAccess(), env: () => ({}) },
    );
    for (let i = 0; i < 5; i += 1) {
      expect(await gate(request("k_live_0123"))).toMatchObject({ ok: false, status: 503 });
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", obj: { code: "CONFIG_INVALID" } });
    expect(lines[0]?.msg).toContain("KINDE_DOMAIN");
    expect(JSON.stringify(lines)).not.toContain(fake.clientSecret);
  });
});

describe("createGate: the abort signal", () => {
  it("is asked for only when Kinde must be asked, never on a warm cache", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const access = fetchAccess();
    const gate = createGate({ client: createKinde() }, access);
    expect((await gate(request(key))).ok).toBe(true);
    expect(access.signals).toBe(1);
    for (let i = 0; i < 5; i++) expect((await gate(request(key))).ok).toBe(true);
    expect(access.signals).toBe(1);
    expect(fake.calls.verify).toBe(1);
  });

  it("abandons the wait for Kinde when a Node client disconnects (real loopback HTTP)", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    // Kinde answers only when the test says so; `asked` tells when the call has started.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = () => {};
    const kindeAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    server.use(
      http.post(VERIFY_URL(), async ({ request: call }) => {
        asked();
        await held;
        return fake.fetch(call);
      }),
    );
    const events: VerifyEvent[] = [];
    const kinde = createKinde({ onVerify: (event) => events.push(event) });
    const gate = createGate({ client: kinde }, nodeAccess);
    const outcomes: AuthorizeResult<VerifiedApiKey | undefined>[] = [];
    const app = createServer(async (req, res) => {
      outcomes.push(await gate(req, res));
      res.end();
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const socket = connect((app.address() as AddressInfo).port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write(`GET / HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\n\r\n`);
    try {
      await kindeAsked;
      socket.destroy();
      await vi.waitFor(() => expect(outcomes).toHaveLength(1), { timeout: 2_000 });
      // Kinde has not answered yet: the request gave up on its own, and verify rejected for it.
      expect(outcomes[0]).toMatchObject({ ok: false, status: 503 });
      expect(events).toEqual([expect.objectContaining({ outcome: "error", errorCode: "ABORTED" })]);
    } finally {
      release();
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
    // The shared call still finished and cached its answer for the next request.
    await vi.waitFor(async () => expect((await kinde.verify(key)).valid).toBe(true));
    expect(fake.calls.verify).toBe(1);
  });
});

describe("createGate: refusals are checked before an adapter writes them", () => {
  const refusalOf = async (onError: Parameters<typeof createGate>[0]["onError"]) =>
    createGate({ client: createKinde(), onError }, fetchAccess())(new Request("https://api.test/"));

  const ORIGINAL = {
    ok: false,
    status: 401,
    headers: {
      "cache-control": "no-store",
      "content-type": "application/json; charset=utf-8",
      "www-authenticate": 'Bearer realm="api"',
    },
    body: { error: NO_KEY_IN_AUTHORIZATION, code: "MISSING_KEY" },
  };

  it("sends the original refusal instead of a header Node or Fetch could not write", async () => {
    const unsendable: Record<string, string>[] = [
      { "x-refused-by": "line\nbreak" },
      { "x-refused-by": "nul\u0000" },
      { "x-refused-by": "snowman \u2603" },
      { "bad name": "value" },
      { "content-length": "999" },
    ];
    for (const headers of unsendable) {
      const outcome = await refusalOf((denial) => ({
        ...denial,
        headers: { ...denial.headers, ...headers },
      }));
      expect(outcome, JSON.stringify(headers)).toEqual(ORIGINAL);
    }
  });

  it("sends the original refusal instead of a status or body that cannot be a refusal", async () => {
    const statuses = [200, 302, 600, 0, 401.5, 404, 500] as unknown as 401[];
    for (const status of statuses) {
      const outcome = await refusalOf((denial) => ({ ...denial, status }));
      expect(outcome, String(status)).toEqual(ORIGINAL);
    }
    const bodies = [{ big: 1n }, undefined, "text"] as unknown as never[];
    for (const body of bodies) {
      const outcome = await refusalOf((denial) => ({ ...denial, body }));
      expect(outcome, typeof body).toEqual(ORIGINAL);
    }
  });

  it("sends a good reshaped refusal with names lower-cased, values trimmed, JSON by default", async () => {
    const outcome = await refusalOf(() => ({
      ok: false,
      status: 401,
      headers: { "X-Refused-By": "  gateway\t" },
      body: { error: "Nope", code: "MISSING_KEY" },
    }));
    expect(outcome).toEqual({
      ok: false,
      status: 401,
      headers: { "x-refused-by": "gateway", "content-type": "application/json; charset=utf-8" },
      body: { error: "Nope", code: "MISSING_KEY" },
    });
  });

  it("answers 503 for a realm no header can carry", async () => {
    const gate = createGate({ client: createKinde(), realm: "a\r\nb" }, fetchAccess());
    expect(await gate(new Request("https://api.test/"))).toMatchObject({ status: 503 });
  });
});

describe("createGate: options", () => {
  it("reads the header the options name, through the access's `names`", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const seen: (readonly string[])[] = [];
    const gate = createGate(
      { ...clientConfig(fake), header: "X-Api-Key" },
      {
        headers: (names, context: Record<string, string>) => {
          seen.push(names);
          return context;
        },
        signal: () => undefined,
        method: () => "GET",
      },
    );
    expect((await gate({ "x-api-key": key })).ok).toBe(true);
    expect(seen).toEqual([["x-api-key"]]);
    expect(await gate({})).toMatchObject({ ok: false, status: 401 });
  });

  it("returns the pipeline's answer for a 503 from Kinde", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    server.use(http.post(VERIFY_URL(), () => HttpResponse.json({}, { status: 500 })));
    const gate = createGate({ client: createKinde({ retry: { limit: 0 } }) }, fetchAccess());
    expect(await gate(request(key))).toMatchObject({ ok: false, status: 503 });
  });
});

describe("createGate: CORS preflights", () => {
  const preflight = () =>
    new Request("https://api.test/", {
      method: "OPTIONS",
      headers: { origin: "https://app.test", "access-control-request-method": "POST" },
    });

  it("lets a preflight through untouched, with no key and no call to Kinde", async () => {
    const verifies = fake.calls.verify;
    const gate = createGate({ client: createKinde(), scopes: ["read:reports"] }, fetchAccess());
    expect(await gate(preflight())).toEqual({ ok: true, key: undefined, headers: {} });
    expect(fake.calls.verify).toBe(verifies);
  });

  it("checks an OPTIONS request that is not a preflight, and a preflight when told to", async () => {
    const kinde = createKinde();
    const gate = createGate({ client: kinde }, fetchAccess());
    const plain = new Request("https://api.test/", { method: "OPTIONS" });
    expect(await gate(plain)).toMatchObject({ ok: false, status: 401 });
    const strict = createGate({ client: kinde, passPreflight: false }, fetchAccess());
    expect(await strict(preflight())).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses a passPreflight that is not a boolean, at creation", () => {
    const options = { client: createKinde(), passPreflight: "no" as unknown as boolean };
    expect(() => createGate(options, fetchAccess())).toThrow(TypeError);
  });

  it("lets a Node preflight through, the header read in any case", async () => {
    const gate = createGate({ client: createKinde() }, nodeAccess);
    const req = { method: "OPTIONS", rawHeaders: ["Access-Control-Request-Method", "PUT"] };
    const res = { destroyed: false, writableFinished: false, once: () => undefined };
    expect(await gate(req, res)).toMatchObject({ ok: true, key: undefined });
    expect(await gate({ ...req, method: "GET" }, res)).toMatchObject({ ok: false, status: 401 });
  });
});

describe("createGate: optional key", () => {
  it("passes a request without credentials with no key, and still refuses bad ones", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const gate = createGate({ client: createKinde(), required: false }, fetchAccess());
    expect(await gate(new Request("https://api.test/"))).toMatchObject({
      ok: true,
      key: undefined,
    });
    expect(await gate(request(key))).toMatchObject({ ok: true, key: { keyId: id } });
    expect(await gate(request("k_live_unknown0000"))).toMatchObject({ status: 401 });
    const basic = new Request("https://api.test/", { headers: { authorization: "Basic eDp5" } });
    expect(await gate(basic)).toMatchObject({ status: 400 });
  });
});

describe("createGate: route options are checked at creation", () => {
  it("refuses required: false with scopes even where the client is built on the first request", () => {
    const access = { ...fetchAccess(), env: () => clientConfig(fake) as never };
    expect(() => createGate({ required: false, scopes: ["read:reports"] }, access)).toThrow(
      /`required: false` cannot be combined with `scopes`/,
    );
  });
});
