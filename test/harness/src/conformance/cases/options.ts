/**
 * @module conformance/cases/options
 * The suite's cases for the adapter's options: the alternative header, `requireScopes`, per-key
 * rate limits, `onError`, failed-attempt throttling, then a property test over hostile header
 * values.
 */
import fc from "fast-check";
import { expect, it, vi } from "vitest";
import type { HeaderLines } from "../../drivers/driver.ts";
import type { SuiteContext } from "../suite.ts";
import { bearer } from "./refusals.ts";

const ALLOWED_STATUSES = [200, 400, 401, 403, 429, 503];

/** Registers the option cases, in the order their answers are kept. */
export function optionCases({ fake, kit, app, record }: SuiteContext): void {
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

  it("reads a list of headers, and lets a request without credentials through when told to", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const header = ["authorization", "x-api-key"];
    const { send, handled } = await app({ header, required: false });
    const auth = ["authorization", `Bearer ${key}`] as const;
    const either: HeaderLines[] = [[auth], [["x-api-key", key]], [["X-Api-Key", key], auth]];
    for (const headers of either)
      expect((await send({ path: "/things", headers })).status).toBe(200);
    expect((await send({ path: "/things" })).status).toBe(200);
    const other = "k_live_ffffffffffffffffffffffffffffffff";
    const conflict = await send({ path: "/things", headers: [auth, ["x-api-key", other]] });
    expect(conflict.status).toBe(400);
    const malformed = await send({
      path: "/things",
      headers: [
        ["authorization", `Token ${key}`],
        ["x-api-key", key],
      ],
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({
      error: 'Malformed Authorization header. Expected a single "Authorization: Bearer <api key>"',
    });
    const gate = await send({ path: "/admin" });
    expect(gate.status).toBe(401);
    expect(handled).toEqual([id, id, id, "(no key)"]);
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

  it("sends the original refusal when a reshaped one cannot be written", async () => {
    const { send } = await app({
      onError: (denial) => ({
        ...denial,
        headers: { ...denial.headers, "x-refused-by": "line\nbreak" },
      }),
    });
    const answer = await record(send, "onError: unwritable header", { path: "/things" });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "MISSING_KEY" });
    expect(answer.headers["x-refused-by"]).toBeUndefined();
  });

  it("sends the original refusal when onError answers something else (plain JavaScript)", async () => {
    const { send } = await app({
      // A framework's error shape rather than a refusal: `statusCode`, no headers.
      onError: (() => ({ ok: false, statusCode: 418, body: { error: "teapot" } })) as never,
    });
    const answer = await record(send, "onError: not a refusal", { path: "/things" });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "MISSING_KEY" });
  });

  it("throttles a client's failed attempts before calling Kinde, still serving a cached valid key", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const { send, handled } = await app({
      cache: {},
      failedAttempts: { limit: 2, windowMs: 10_000, clientKey: () => "one-client" },
    });
    expect((await record(send, "failed attempts: valid key", bearer(key))).status).toBe(200);
    const unknown = (n: number) => bearer(`k_live_unknown_${n}_0123456789`);
    await record(send, "failed attempts: 1st refusal", unknown(1));
    await record(send, "failed attempts: 2nd refusal", unknown(2));
    const calls = fake.calls.verify;
    const blocked = await record(send, "failed attempts: over the limit", unknown(3));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: "TOO_MANY_FAILED_ATTEMPTS" });
    expect(blocked.headers["retry-after"]).toBe("10");
    expect(fake.calls.verify).toBe(calls);
    const served = await record(send, "failed attempts: cached valid key", bearer(key));
    expect(served.status).toBe(200);
    expect(handled).toEqual([id, id]);
  });

  it("never answers 500 and never runs the handler without the one valid key", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const unit = headerChar(kit.headerValues === "ascii" ? 0x7f : 0xff);
    const apps = { authorization: await app(), "x-api-key": await app({ header: "x-api-key" }) };
    const value = fc.oneof(
      fc.string({ unit, maxLength: 80 }),
      fc.string({ unit, maxLength: 40 }).map((junk) => `Bearer ${junk}`),
      fc.constantFrom(key, `Bearer ${key}`, `bearer  ${key}`, ` Bearer ${key}\t`, `Bearer ${key},`),
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
