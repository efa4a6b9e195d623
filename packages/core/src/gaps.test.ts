/**
 * Small trust gaps, closed: header records are read by their own properties only; an M2M token no
 * header can carry is a bad answer from Kinde and never travels into an error; a synchronous store
 * and a throwing logger never make `verify()` throw synchronously; `invalidate()` trims its input.
 */
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import {
  captureLogger,
  NO_KEY_IN_AUTHORIZATION,
  rejectionOf,
  setupFakeKinde,
} from "../test/helpers.ts";
import { isKindeKeysError } from "./errors.ts";
import { extractApiKey } from "./request/extract.ts";

const { fake, server, createKinde } = setupFakeKinde();

describe("header records", () => {
  const proto = Object.prototype as Record<string, unknown>;
  afterEach(() => {
    delete proto.authorization;
    delete proto["x-api-key"];
  });

  it("an inherited authorization property never authenticates an empty record", () => {
    proto.authorization = "Bearer k_live_0123456789abcdef";
    proto["x-api-key"] = "k_live_0123456789abcdef";
    expect(extractApiKey({})).toEqual({
      ok: false,
      reason: "missing",
      message: NO_KEY_IN_AUTHORIZATION,
    });
    expect(extractApiKey({}, { header: "X-API-Key" })).toEqual({
      ok: false,
      reason: "missing",
      message: 'No API key in x-api-key. Expected "x-api-key: <api key>"',
    });
    expect(extractApiKey({ Authorization: "Bearer k_live_abcdef0123456789" })).toEqual({
      ok: true,
      apiKey: "k_live_abcdef0123456789",
    });
  });
});

describe("an M2M token no header can carry", () => {
  it.each([
    ["a line break", "eyJ.zq8w\r\nx-injected: 1"],
    ["a NUL", "eyJ.zq8w\u0000"],
    ["a space", "eyJ zq8w"],
    ["non-ASCII", "eyJ.zq8w☃"],
  ])("with %s is KINDE_BAD_RESPONSE, and the token is in no message or cause", async (_, token) => {
    server.use(
      http.post(`${fake.origin}/oauth2/token`, () =>
        HttpResponse.json({ access_token: token, token_type: "bearer", expires_in: 3600 }),
      ),
    );
    const { key } = fake.addKey();
    const error = await rejectionOf(createKinde({ retry: { limit: 0 } }).verify(key));
    expect(isKindeKeysError(error) && error.code).toBe("KINDE_BAD_RESPONSE");
    let text = "";
    for (let link: unknown = error; link instanceof Error; link = link.cause) {
      text += `${link.message}\n${String(link.stack)}\n`;
    }
    expect(text).not.toContain("zq8w");
    expect(fake.calls.verify).toBe(0);
  });
});

describe("a synchronous store and a throwing logger", () => {
  it("never make verify() throw synchronously", async () => {
    const throwing = () => {
      throw new Error("store down");
    };
    const kinde = createKinde({
      cache: { store: { get: throwing, set: throwing, delete: throwing, deleteKeyId: throwing } },
      logger: {
        warn: () => {
          throw new Error("logger down");
        },
      },
    });
    const { key } = fake.addKey();
    let answer: Promise<unknown> | undefined;
    expect(() => {
      answer = kinde.verify(key);
    }).not.toThrow();
    expect(await answer).toMatchObject({ valid: true });
  });
});

describe("invalidate()", () => {
  it("of a key with surrounding whitespace invalidates the trimmed key", async () => {
    const { id, key } = fake.addKey();
    const { logger } = captureLogger();
    const kinde = createKinde({ logger });
    expect((await kinde.verify(key)).valid).toBe(true);
    fake.revokeKey(id);
    await kinde.invalidate(`  ${key}\n`);
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
  });
});
