/**
 * @module adapter-conformance/suite
 * The one conformance suite every framework adapter runs: each row of DESIGN §3, header forms, the
 * alternative header, route-level scopes, the org boundary from a route parameter, per-key rate
 * limits, a property test over hostile headers, and a final test proving the answers are the same,
 * byte for byte (bar transport headers), as those of every other adapter (`answers.snap`).
 *
 * An adapter's test builds an app with three routes from an {@link AppSpec} and returns a
 * {@link Driver} for it; the suite does the rest. The suite lives outside every package, so the
 * packages it drives (the fake Kinde, MSW) are handed in through a {@link ConformanceKit} rather
 * than imported.
 */
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

/** One request: always `GET`; header lines in order, a name may repeat as on the wire. */
export interface ConformanceRequest {
  readonly path: string;
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
}

/** What came back. Header names lower-case; a repeated field joined with ", ". */
export interface ConformanceResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends one request to the app under test. */
export type Driver = (request: ConformanceRequest) => Promise<ConformanceResponse>;

/** The options the suite passes to every `kindeApiKey` of an app (`orgCode` is the app's). */
export interface ConformanceOptions {
  domain: string;
  clientId: string;
  clientSecret: string;
  retry: { limit: number };
  fetch?: typeof fetch;
  scopes?: readonly string[];
  scopeMode?: "all" | "any";
  owner?: "organization" | "user" | "environment" | "tenant";
  header?: string;
  rateLimit?: { limit: number; windowMs: number };
  onError?: <Denial extends { readonly headers: Readonly<Record<string, string>> }>(
    denial: Denial,
  ) => Denial;
}

/**
 * What an adapter's app must be. Routes, each ending in a handler that calls `handled` with the key
 * the framework holds and answers {@link HANDLER_ANSWER}:
 *
 * - `GET /things`: `kindeApiKey(options)`
 * - `GET /orgs/:org/things`: `kindeApiKey({ ...options, orgCode: <the route's org parameter> })`
 * - `GET /admin`: `kindeApiKey(options)`, then `requireScopes(...routeScopes)`
 */
export interface AppSpec {
  readonly options: ConformanceOptions;
  readonly routeScopes: readonly string[];
  handled(key: { readonly keyId: string } | undefined): void;
}

/** Builds the app for one spec. */
export type MakeApp = (spec: AppSpec) => Driver | Promise<Driver>;

/** The handlers' answer, identical in every framework so that successes compare too. */
export const HANDLER_ANSWER = {
  status: 200,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: '{"ok":true}',
} as const;

/** The parts of the fake Kinde (`@acme/kinde-keys-testing`) the suite steers. */
export interface FakeKindeLike<Handler> {
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly handlers: readonly Handler[];
  readonly calls: { readonly verify: number };
  fetch(request: Request): Promise<Response>;
  addKey(seed: {
    orgCode?: string;
    userId?: string;
    scopes?: string[];
    status?: "active" | "inactive" | "revoked";
  }): { id: string; key: string };
  inject(
    fault:
      | { endpoint: "token" | "verify"; type: "status"; status: number }
      | { endpoint: "verify"; type: "non-json" | "reset" },
  ): void;
  clearFaults(): void;
}

/** The packages the suite drives, passed in by the adapter's test. */
export interface ConformanceKit<Handler> {
  /** `createFakeKinde` from `@acme/kinde-keys-testing`. */
  createFakeKinde: () => FakeKindeLike<Handler>;
  /**
   * `setupServer` from `msw/node`, to serve the fake at the network edge. Leave it out where MSW
   * cannot intercept (workerd): the apps' clients then get the fake as their `fetch` option.
   */
  setupServer?: (...handlers: Handler[]) => {
    listen(options: { onUnhandledFrame: "error" }): void;
    close(): void;
  };
  /**
   * Characters the transport carries in header values, for the property test. `ascii` suits
   * workerd, whose `Headers` re-encodes other characters as UTF-8 and warns on every request.
   * @default "latin1": what HTTP/1.1 and Fetch `Headers` carry (no NUL, CR or LF; up to U+00FF)
   */
  headerValues?: "latin1" | "ascii";
}

/** Reads a Fetch `Response` into a {@link ConformanceResponse} (for Fetch-based drivers). */
export async function readResponse(response: Response): Promise<ConformanceResponse> {
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

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
const ALLOWED_STATUSES = [200, 400, 401, 403, 429, 503];
const ANSWERS_FILE = decodeURIComponent(new URL("./answers.snap", import.meta.url).pathname);
const answersByFramework = new Map<string, Record<string, Answer>>();

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function toAnswer(response: ConformanceResponse): Answer {
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
function serialise(answers: Record<string, Answer>): string {
  const lines = Object.entries(answers).map(
    ([name, answer]) => `  ${JSON.stringify(name)}: ${JSON.stringify(answer)}`,
  );
  return `{\n${lines.join(",\n")}\n}\n`;
}

/** Characters of header values: key-like ones often, any other control or non-ASCII one too. */
function headerChar(max: 0x7f | 0xff): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(..."Bearer k_live_0123456789abcdef", " ", "\t", "=", ",", ";", '"', "+", "/"),
    fc
      .integer({ min: 0x01, max })
      .filter((code) => code !== 0x0a && code !== 0x0d)
      .map((code) => String.fromCharCode(code)),
  );
}

/**
 * Runs the suite against one framework.
 *
 * @param name - How the framework shows in test names and in the comparison, e.g. `"Express 4"`.
 * @param makeApp - Builds the app described by {@link AppSpec}.
 * @param kit - The fake Kinde and, on Node, MSW.
 * @example
 * ```ts
 * runConformance("Hono", honoApp, { createFakeKinde, setupServer });
 * ```
 */
export function runConformance<Handler>(
  name: string,
  makeApp: MakeApp,
  kit: ConformanceKit<Handler>,
): void {
  describe(`${name} conformance`, () => {
    const fake = kit.createFakeKinde();
    const network = kit.setupServer?.(...fake.handlers);
    const answers: Record<string, Answer> = {};
    const base: ConformanceOptions = {
      domain: fake.origin,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      retry: { limit: 0 },
      ...(network ? {} : { fetch: (input, init) => fake.fetch(new Request(input, init)) }),
    };

    beforeAll(() => network?.listen({ onUnhandledFrame: "error" }));
    afterEach(() => {
      fake.clearFaults();
      vi.useRealTimers();
    });
    afterAll(() => network?.close());

    /** Builds an app; `handled` lists the key ids its handlers saw, in order. */
    async function app(options: Partial<ConformanceOptions> = {}, routeScopes: string[] = []) {
      const handled: string[] = [];
      const send = await makeApp({
        options: { ...base, ...options },
        routeScopes,
        handled: (key) => handled.push(key?.keyId ?? "(no key)"),
      });
      return { send, handled };
    }

    /** Sends a request and records the answer under `label` for the cross-framework comparison. */
    async function record(
      send: Driver,
      label: string,
      request: ConformanceRequest,
    ): Promise<Answer> {
      const answer = toAnswer(await send(request));
      answers[label] = answer;
      return answer;
    }

    const bearer = (key: string, scheme = "Bearer") => ({
      path: "/things",
      headers: [["authorization", `${scheme} ${key}`]] as const,
    });

    it("answers 401 MISSING_KEY with a bare challenge when no key is sent", async () => {
      const { send, handled } = await app();
      const verifies = fake.calls.verify;
      const answer = await record(send, "missing key", { path: "/things" });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code: "MISSING_KEY" });
      expect(answer.headers["www-authenticate"]).toBe('Bearer realm="api"');
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(handled).toEqual([]);
      expect(fake.calls.verify).toBe(verifies);
    });

    const { key: sample } = fake.addKey({ orgCode: "org_acme" });
    it.each([
      ["wrong scheme", [["authorization", "Basic dXNlcjpwYXNz"]]],
      ["scheme without token", [["authorization", "Bearer"]]],
      ["extra parts", [["authorization", `Bearer ${sample} extra`]]],
      ["bad characters", [["authorization", "Bearer abc$def"]]],
      ["too long", [["authorization", `Bearer ${"a".repeat(513)}`]]],
      [
        "repeated header",
        [
          ["authorization", `Bearer ${sample}`],
          ["authorization", `Bearer ${sample}`],
        ],
      ],
    ] as const)("answers 400 INVALID_REQUEST to a malformed header: %s", async (label, headers) => {
      const { send, handled } = await app();
      const verifies = fake.calls.verify;
      const answer = await record(send, `malformed: ${label}`, { path: "/things", headers });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: "INVALID_REQUEST" });
      expect(answer.headers["www-authenticate"]).toBe(
        'Bearer realm="api", error="invalid_request"',
      );
      expect(handled).toEqual([]);
      expect(fake.calls.verify).toBe(verifies);
    });

    it.each([
      ["unknown", undefined, "INVALID_KEY"],
      ["revoked", "revoked", "KEY_REVOKED"],
      ["inactive", "inactive", "KEY_INACTIVE"],
    ] as const)("answers 401 to an %s key", async (label, status, code) => {
      const key = status
        ? fake.addKey({ orgCode: "org_acme", status }).key
        : "k_live_ffffffffffffffffffffffffffffffff";
      const { send, handled } = await app();
      const answer = await record(send, `${label} key`, bearer(key));
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code });
      expect(answer.headers["www-authenticate"]).toBe('Bearer realm="api", error="invalid_token"');
      expect(handled).toEqual([]);
    });

    it("runs the handler for a valid key, whatever the case of `Bearer`", async () => {
      const { id, key } = fake.addKey({ orgCode: "org_acme" });
      const { send, handled } = await app();
      for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
        const answer = await record(send, `valid key, scheme ${scheme}`, bearer(key, scheme));
        expect(answer).toMatchObject({ status: 200, body: { ok: true } });
      }
      expect(handled).toEqual([id, id, id, id]);
    });

    it("answers 403 INSUFFICIENT_SCOPE naming the required and missing scopes", async () => {
      const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
      const scopes = ["read:reports", "write:reports"];
      const { send, handled } = await app({ scopes });
      const answer = await record(send, "missing scope", bearer(key));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        code: "INSUFFICIENT_SCOPE",
        required_scopes: scopes,
        missing_scopes: ["write:reports"],
      });
      expect(answer.headers["www-authenticate"]).toBe(
        'Bearer realm="api", error="insufficient_scope", scope="read:reports write:reports"',
      );
      const any = await app({ scopes, scopeMode: "any" });
      expect((await record(any.send, "scope mode any", bearer(key))).status).toBe(200);
      expect(handled).toEqual([]);
      expect(any.handled).toEqual([id]);
    });

    it("answers 403 ORG_MISMATCH when the route's organization is not the key's", async () => {
      const { id, key } = fake.addKey({ orgCode: "org_acme" });
      const { key: userKey } = fake.addKey({ userId: "kp_alice" });
      const { send, handled } = await app();
      const at = (org: string, apiKey: string) => ({
        ...bearer(apiKey),
        path: `/orgs/${org}/things`,
      });
      const other = await record(send, "org from route: other org", at("org_other", key));
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: "ORG_MISMATCH" });
      expect(other.headers["www-authenticate"]).toBeUndefined();
      const user = await record(send, "org from route: user key", at("org_acme", userKey));
      expect(user.body).toMatchObject({ code: "ORG_MISMATCH" });
      expect((await record(send, "org from route: own org", at("org_acme", key))).status).toBe(200);
      expect(handled).toEqual([id]);
    });

    it("answers 403 OWNER_NOT_ALLOWED to an owner type the route refuses", async () => {
      const { key: userKey } = fake.addKey({ userId: "kp_bob" });
      const { id, key } = fake.addKey({ orgCode: "org_acme" });
      const { send, handled } = await app({ owner: "organization" });
      const answer = await record(send, "owner not allowed", bearer(userKey));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: "OWNER_NOT_ALLOWED" });
      expect(answer.headers["www-authenticate"]).toBeUndefined();
      expect((await record(send, "owner allowed", bearer(key))).status).toBe(200);
      expect(handled).toEqual([id]);
    });

    it.each([
      ["verify answers 503", { endpoint: "verify", type: "status", status: 503 }],
      ["verify unreachable", { endpoint: "verify", type: "reset" }],
      ["verify answers garbage", { endpoint: "verify", type: "non-json" }],
      ["token endpoint answers 500", { endpoint: "token", type: "status", status: 500 }],
    ] as const)("answers 503 with Retry-After when Kinde fails: %s", async (label, fault) => {
      const { key } = fake.addKey({ orgCode: "org_acme" });
      const { send, handled } = await app();
      fake.inject(fault);
      const answer = await record(send, `Kinde down: ${label}`, bearer(key));
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
      expect(answer.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
      expect(handled).toEqual([]);
    });

    it("reads the key from x-api-key when told to", async () => {
      const { id, key } = fake.addKey({ orgCode: "org_acme" });
      const { send, handled } = await app({ header: "x-api-key" });
      const bare = await record(send, "x-api-key: bare key", {
        path: "/things",
        headers: [["x-api-key", key]],
      });
      expect(bare.status).toBe(200);
      const schemed = await record(send, "x-api-key: with scheme", {
        path: "/things",
        headers: [["x-api-key", `Bearer ${key}`]],
      });
      expect(schemed.status).toBe(400);
      const elsewhere = await record(send, "x-api-key: key in authorization", bearer(key));
      expect(elsewhere.body).toMatchObject({ code: "MISSING_KEY" });
      expect(handled).toEqual([id]);
    });

    it("enforces requireScopes on a route", async () => {
      const { key: reader } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
      const { id, key: admin } = fake.addKey({ orgCode: "org_acme", scopes: ["admin:write"] });
      const { send, handled } = await app({}, ["admin:write"]);
      const admin403 = await record(send, "requireScopes: missing", {
        ...bearer(reader),
        path: "/admin",
      });
      expect(admin403.status).toBe(403);
      expect(admin403.body).toMatchObject({
        required_scopes: ["admin:write"],
        missing_scopes: ["admin:write"],
      });
      expect(admin403.headers["www-authenticate"]).toBe(
        'Bearer realm="api", error="insufficient_scope", scope="admin:write"',
      );
      expect((await record(send, "requireScopes: no key", { path: "/admin" })).status).toBe(401);
      expect(
        (await record(send, "requireScopes: granted", { ...bearer(admin), path: "/admin" })).status,
      ).toBe(200);
      expect(handled).toEqual([id]);
    });

    it("rate-limits per key: 429 with Retry-After and RateLimit fields, separate budgets, window reset", async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      const first = fake.addKey({ orgCode: "org_acme" });
      const second = fake.addKey({ orgCode: "org_acme" });
      const { send, handled } = await app({ rateLimit: { limit: 2, windowMs: 1000 } });
      const one = await record(send, "rate limit: 1st", bearer(first.key));
      expect(one.headers).toMatchObject({
        "ratelimit-policy": '"per-key";q=2;w=1',
        ratelimit: '"per-key";r=1;t=1',
      });
      await record(send, "rate limit: 2nd", bearer(first.key));
      const limited = await record(send, "rate limit: 3rd", bearer(first.key));
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: "RATE_LIMITED" });
      expect(limited.headers).toMatchObject({
        "retry-after": "1",
        "ratelimit-policy": '"per-key";q=2;w=1',
        ratelimit: '"per-key";r=0;t=1',
      });
      expect((await record(send, "rate limit: other key", bearer(second.key))).status).toBe(200);
      vi.setSystemTime(Date.now() + 1000);
      expect((await record(send, "rate limit: next window", bearer(first.key))).status).toBe(200);
      expect(handled).toEqual([first.id, first.id, second.id, first.id]);
    });

    it("lets onError reshape a refusal", async () => {
      const { send } = await app({
        onError: (denial) => ({
          ...denial,
          headers: { ...denial.headers, "x-refused-by": "conformance" },
        }),
      });
      const answer = await record(send, "onError", { path: "/things" });
      expect(answer).toMatchObject({ status: 401, headers: { "x-refused-by": "conformance" } });
    });

    it("answers core's 503 when a reshaped refusal cannot be written", async () => {
      const { send } = await app({
        onError: (denial) => ({
          ...denial,
          headers: { ...denial.headers, "x-refused-by": "line\nbreak" },
        }),
      });
      const answer = await record(send, "onError: unwritable header", { path: "/things" });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ code: "VERIFICATION_UNAVAILABLE" });
      expect(answer.headers["www-authenticate"]).toBeUndefined();
    });

    it("never answers 500 and never runs the handler without the one valid key", async () => {
      const { key } = fake.addKey({ orgCode: "org_acme" });
      const unit = headerChar(kit.headerValues === "ascii" ? 0x7f : 0xff);
      const apps = { authorization: await app(), "x-api-key": await app({ header: "x-api-key" }) };
      const value = fc.oneof(
        fc.string({ unit, maxLength: 80 }),
        fc.string({ unit, maxLength: 40 }).map((junk) => `Bearer ${junk}`),
        fc.constantFrom(
          key,
          `Bearer ${key}`,
          `bearer  ${key}`,
          ` Bearer ${key}\t`,
          `Bearer ${key},`,
        ),
        fc
          .tuple(fc.string({ unit, maxLength: 3 }), fc.string({ unit, maxLength: 3 }))
          .map(([before, after]) => `${before}Bearer ${key}${after}`),
      );
      const name = fc.constantFrom("authorization", "Authorization", "x-api-key", "X-API-Key");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<"authorization" | "x-api-key">("authorization", "x-api-key"),
          fc.array(fc.tuple(name, value), { maxLength: 3 }),
          async (header, headers) => {
            const target = apps[header];
            const before = target.handled.length;
            const response = await target.send({ path: "/things", headers });
            expect(ALLOWED_STATUSES).toContain(response.status);
            const lines = headers.filter(([line]) => line.toLowerCase() === header);
            const ran = target.handled.length > before;
            expect(ran).toBe(response.status === 200);
            if (ran) expect(lines.length === 1 && lines[0]?.[1].includes(key)).toBe(true);
          },
        ),
        { numRuns: 150 },
      );
    });

    it("answers exactly as every other adapter (answers.snap)", async () => {
      for (const [other, theirs] of answersByFramework) {
        expect(answers, `${name} against ${other}`).toEqual(theirs);
      }
      answersByFramework.set(name, answers);
      await expect(serialise(answers)).toMatchFileSnapshot(ANSWERS_FILE);
    });
  });
}
