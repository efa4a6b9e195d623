/**
 * `extractApiKey` on its own (RFC 6750 §2.1), with example cases and properties: no header value
 * ever throws, and nothing that is not `<scheme> <b64token>` is ever accepted.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWellFormedApiKey, MAX_API_KEY_LENGTH } from "../key-format.ts";
import type { HeadersInput } from "../types.ts";
import { extractApiKey } from "./extract.ts";

const KEY = "k_live_0123456789abcdef0123456789abcdef";
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

describe("extractApiKey", () => {
  it.each([
    ["Fetch Headers", new Headers({ Authorization: `Bearer ${KEY}` })],
    ["a lower-case record", { authorization: `Bearer ${KEY}` }],
    ["a mixed-case record", { AUTHORIZATION: `Bearer ${KEY}` }],
    ["a one-element array", { authorization: [`Bearer ${KEY}`] }],
    ["surrounding spaces", { authorization: `  Bearer ${KEY}  ` }],
    ["several spaces after the scheme", { authorization: `Bearer    ${KEY}` }],
    ["a lower-case scheme", { authorization: `bearer ${KEY}` }],
  ])("reads the key from %s", (_, headers) => {
    expect(extractApiKey(headers as HeadersInput)).toEqual({ ok: true, apiKey: KEY });
  });

  it.each([
    ["no header", {}],
    ["undefined", { authorization: undefined }],
    ["an empty string", { authorization: "" }],
    ["whitespace", { authorization: " \t " }],
    ["an empty array", { authorization: [] }],
  ])("missing for %s", (_, headers) => {
    expect(extractApiKey(headers as HeadersInput)).toMatchObject({ ok: false, reason: "missing" });
  });

  it.each([
    ["two values", { authorization: [`Bearer ${KEY}`, `Bearer ${KEY}`] }],
    ["another scheme", { authorization: `Basic ${KEY}` }],
    ["a scheme that only starts with Bearer", { authorization: `Bearerx ${KEY}` }],
    ["a scheme of Bearer's length", { authorization: `Beaver ${KEY}` }],
    ["a scheme Bearer only starts with", { authorization: `Bear ${KEY}` }],
    ["a non-ASCII look-alike of Bearer", { authorization: `Bearеr ${KEY}` }],
    ["a tab instead of a space", { authorization: `Bearer\t${KEY}` }],
    ["a tab after the space", { authorization: `Bearer \t${KEY}` }],
    ["no token", { authorization: "Bearer" }],
    ["a bare key", { authorization: KEY }],
    ["a second part", { authorization: `Bearer ${KEY} ${KEY}` }],
    ["a 513-character token", { authorization: `Bearer ${"a".repeat(513)}` }],
    ["padding in the middle", { authorization: "Bearer ab=c" }],
    ["a number", { authorization: 7 }],
  ])("malformed for %s", (_, headers) => {
    expect(extractApiKey(headers as unknown as HeadersInput)).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("compares a scheme given with letters beyond ASCII as a lower-cased copy", () => {
    const options = { header: "x-api-key", scheme: "Schlüssel" };
    expect(extractApiKey({ "x-api-key": `SCHLÜSSEL ${KEY}` }, options)).toEqual({
      ok: true,
      apiKey: KEY,
    });
    expect(extractApiKey({ "x-api-key": `schlussel ${KEY}` }, options)).toMatchObject({
      reason: "malformed",
    });
  });

  it("reads another header, bare or with a scheme", () => {
    expect(extractApiKey({ "x-api-key": KEY }, { header: "X-Api-Key" })).toEqual({
      ok: true,
      apiKey: KEY,
    });
    expect(
      extractApiKey({ "x-api-key": `Key ${KEY}` }, { header: "x-api-key", scheme: "key" }),
    ).toEqual({
      ok: true,
      apiKey: KEY,
    });
    expect(extractApiKey({ "x-api-key": `Bearer ${KEY}` }, { header: "x-api-key" })).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(extractApiKey({ authorization: KEY }, { scheme: false })).toEqual({
      ok: true,
      apiKey: KEY,
    });
  });

  // Options in any casing, with both fields set, are normalised like any others: the function must
  // never take them for already-normalised options.
  describe.each([
    [
      "Fetch Headers",
      (name: string, value: string): HeadersInput => new Headers({ [name]: value }),
    ],
    [
      "a Node record",
      (name: string, value: string): HeadersInput => ({ [name.toLowerCase()]: value }),
    ],
    ["a hand-built record", (name: string, value: string): HeadersInput => ({ [name]: value })],
  ])("with both options given, on %s", (_, build) => {
    it.each([
      ["authorization", "Bearer", "Authorization", `Bearer ${KEY}`],
      ["authorization", "bearer", "Authorization", `BEARER ${KEY}`],
      ["Authorization", "BEARER", "authorization", `Bearer ${KEY}`],
      ["X-Api-Key", false, "X-Api-Key", KEY],
      ["x-api-key", false, "X-API-KEY", KEY],
      ["X-Api-Key", "Key", "x-api-key", `key ${KEY}`],
    ] as const)("{ header: %j, scheme: %j } reads %s: %s", (header, scheme, name, value) => {
      expect(extractApiKey(build(name, value), { header, scheme })).toEqual({
        ok: true,
        apiKey: KEY,
      });
    });

    it("still refuses another scheme", () => {
      const headers = build("Authorization", `Basic ${KEY}`);
      expect(extractApiKey(headers, { header: "Authorization", scheme: "Bearer" })).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    });

    it("still answers missing when the header is absent", () => {
      const headers = build("Other", KEY);
      expect(extractApiKey(headers, { header: "X-Api-Key", scheme: false })).toMatchObject({
        ok: false,
        reason: "missing",
      });
    });
  });

  it("accepts the padding and punctuation RFC 6750 allows", () => {
    const token = "aZ09-._~+/==";
    expect(extractApiKey({ authorization: `Bearer ${token}` })).toEqual({
      ok: true,
      apiKey: token,
    });
  });
});

describe("extractApiKey with a list of headers", () => {
  const both = { header: ["authorization", "x-api-key"] } as const;
  const OTHER = "k_live_ffffffffffffffffffffffffffffffff";

  it.each([
    ["Authorization only", { authorization: `Bearer ${KEY}` }],
    ["x-api-key only, bare", { "x-api-key": KEY }],
    ["both, the same key", { authorization: `Bearer ${KEY}`, "X-Api-Key": KEY }],
    ["an empty Authorization beside x-api-key", { authorization: " ", "x-api-key": KEY }],
  ])("reads the key from %s", (_, headers) => {
    expect(extractApiKey(headers, both)).toEqual({ ok: true, apiKey: KEY });
    expect(extractApiKey(new Headers(headers), both)).toEqual({ ok: true, apiKey: KEY });
  });

  it("refuses a malformed header whatever else is present, naming it and its form", () => {
    expect(extractApiKey({ authorization: `Token ${KEY}`, "x-api-key": KEY }, both)).toEqual({
      ok: false,
      reason: "malformed",
      message:
        'Malformed Authorization header. Expected a single "Authorization: Bearer <api key>"',
    });
    expect(
      extractApiKey({ authorization: `Bearer ${KEY}`, "x-api-key": `Bearer ${KEY}` }, both),
    ).toEqual({
      ok: false,
      reason: "malformed",
      message: 'Malformed x-api-key header. Expected a single "x-api-key: <api key>"',
    });
  });

  it("refuses two different keys, in either order", () => {
    const refusal = {
      ok: false,
      reason: "malformed",
      message: "Different API keys in Authorization and x-api-key. Expected one API key",
    };
    expect(extractApiKey({ authorization: `Bearer ${KEY}`, "x-api-key": OTHER }, both)).toEqual(
      refusal,
    );
    const reversed = { header: ["x-api-key", "authorization"] };
    expect(
      extractApiKey({ authorization: `Bearer ${KEY}`, "x-api-key": OTHER }, reversed),
    ).toMatchObject({ reason: "malformed" });
  });

  it("says where it looked when no key is there", () => {
    expect(extractApiKey({}, { header: ["x-api-key", "Authorization"] })).toEqual({
      ok: false,
      reason: "missing",
      message:
        'No API key in x-api-key or Authorization. Expected "x-api-key: <api key>" or "Authorization: Bearer <api key>"',
    });
    expect(extractApiKey({})).toMatchObject({
      message: 'No API key in Authorization. Expected "Authorization: Bearer <api key>"',
    });
  });

  it("applies `scheme` to Authorization only in a list", () => {
    const options = { header: ["authorization", "x-api-key"], scheme: "Token" };
    expect(extractApiKey({ authorization: `token ${KEY}` }, options)).toEqual({
      ok: true,
      apiKey: KEY,
    });
    expect(extractApiKey({ "x-api-key": KEY }, options)).toEqual({ ok: true, apiKey: KEY });
    expect(extractApiKey({}, options)).toMatchObject({
      message:
        'No API key in Authorization or x-api-key. Expected "Authorization: Token <api key>" or "x-api-key: <api key>"',
    });
  });

  it.each([
    ["an empty list", { header: [] }],
    ["a repeated name", { header: ["x-api-key", "X-Api-Key"] }],
    ["an empty name", { header: [""] }],
    ["a name that is not a string", { header: [7] }],
    ["an empty scheme", { scheme: "" }],
    ["a non-boolean required", { required: "no" }],
  ])("refuses %s at once", (_, options) => {
    expect(() => extractApiKey({}, options as never)).toThrow(TypeError);
  });
});

describe("isWellFormedApiKey", () => {
  it("accepts b64tokens up to the limit", () => {
    expect(isWellFormedApiKey(KEY)).toBe(true);
    expect(isWellFormedApiKey("a".repeat(MAX_API_KEY_LENGTH))).toBe(true);
    expect(MAX_API_KEY_LENGTH).toBe(512);
  });

  it.each([
    "",
    " ",
    "a b",
    "a".repeat(513),
    "=",
    "ab=c",
    "k_live_é",
    "a\n",
    "a,b",
    "a;b",
    7,
    null,
    undefined,
    {},
  ])("refuses %j", (value) => {
    expect(isWellFormedApiKey(value)).toBe(false);
  });
});

describe("properties", () => {
  const headerValue = fc.oneof(
    fc.string({ unit: "binary", maxLength: 600 }),
    fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => `Bearer ${s}`),
    fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => `bEaReR ${s}`),
    fc.stringMatching(/^[A-Za-z0-9\-._~+/ =!"\t]{0,30}$/).map((s) => `Bearer ${s}`),
    // Structured noise: the pieces a header is made of, in any order.
    fc
      .array(
        fc.constantFrom(
          "Bearer",
          "bearer",
          "Basic",
          " ",
          "\t",
          "\n",
          "k_live_1",
          "=",
          "!",
          ",",
          "é",
        ),
        {
          maxLength: 8,
        },
      )
      .map((parts) => parts.join("")),
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    fc.constantFrom(undefined, null, 0, {}, [undefined]),
  );

  it("no header value throws, and only `<scheme> <b64token>` is accepted", () => {
    fc.assert(
      fc.property(headerValue, fc.constantFrom("authorization", "x-api-key"), (value, header) => {
        const headers = { [header]: value } as unknown as HeadersInput;
        const result = extractApiKey(headers, { header });
        if (!result.ok) return;
        expect(result.apiKey).toMatch(B64TOKEN);
        expect(result.apiKey.length).toBeLessThanOrEqual(MAX_API_KEY_LENGTH);
        const single = (Array.isArray(value) ? value[0] : value) as string;
        if (header === "authorization") {
          expect(single.trim()).toMatch(
            new RegExp(`^bearer +${escapeRegExp(result.apiKey)}$`, "i"),
          );
        } else {
          expect(single.trim()).toBe(result.apiKey);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("every b64token up to the limit is accepted under any casing of Bearer", () => {
    const token = fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,500}$/), fc.stringMatching(/^={0,2}$/))
      .map(([body, padding]) => body + padding);
    const scheme = fc.constantFrom("Bearer", "bearer", "BEARER", "bEARER");
    fc.assert(
      fc.property(token, scheme, (value, name) => {
        expect(extractApiKey({ authorization: `${name} ${value}` })).toEqual({
          ok: true,
          apiKey: value,
        });
        expect(extractApiKey(new Headers({ authorization: `${name} ${value}` }))).toEqual({
          ok: true,
          apiKey: value,
        });
      }),
    );
  });
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
