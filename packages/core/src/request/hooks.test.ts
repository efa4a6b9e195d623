/**
 * User hooks cannot crash the process or open anything: `onVerify`, logger methods and `onError`
 * may be async, throw, reject or return anything. A rejection is caught and logged, never left
 * unhandled (an unhandled rejection ends a Node process); `onError`'s result is used only when it is
 * a refusal core can send, else the original refusal is.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLogger, NO_KEY_IN_AUTHORIZATION, setupFakeKinde } from "../../test/helpers.ts";
import type { Logger } from "../types.ts";
import type { AuthorizeDenial, RefusalHook } from "./answers.ts";
import { authorize } from "./authorize.ts";

const { fake, createKinde } = setupFakeKinde();

// Vitest reports an unhandled rejection too, but as a run error: this names the test that made it.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => void process.off("unhandledRejection", onUnhandled));

/** Lets pending rejections surface as `unhandledRejection` events. */
async function drain(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("onVerify", () => {
  it("an async onVerify that rejects is caught and logged, for any client's key", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const { logger, lines } = captureLogger();
    const kinde = createKinde({
      logger,
      onVerify: async () => {
        throw new Error("metrics backend down");
      },
    });
    expect((await kinde.verify(key)).valid).toBe(true);
    expect((await kinde.verify("k_live_unknown_0123456789")).valid).toBe(false);
    await drain();
    expect(unhandled).toEqual([]);
    expect(lines.filter((line) => line.msg === "kinde-keys: onVerify threw")).toHaveLength(2);
  });
});

describe("logger methods", () => {
  const failingStore = {
    get: () => Promise.reject(new Error("redis down")),
    set: () => Promise.reject(new Error("redis down")),
    delete: () => Promise.reject(new Error("redis down")),
    deleteKeyId: () => Promise.reject(new Error("redis down")),
  };

  it.each<[string, Logger]>([
    [
      "throw",
      {
        warn: () => {
          throw new Error("log sink full");
        },
      },
    ],
    ["reject", { warn: async () => Promise.reject(new Error("log sink full")) }],
    ["return junk", { warn: () => 42 as unknown as undefined }],
  ])("that %s never fail a verification nor leave a rejection", async (_, logger) => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const kinde = createKinde({
      logger,
      cache: { store: failingStore },
      onVerify: () => {
        throw new Error("hook bug");
      },
    });
    expect((await kinde.verify(key)).valid).toBe(true);
    await drain();
    expect(unhandled).toEqual([]);
  });
});

describe("onError", () => {
  const refuse = (onError: unknown) =>
    authorize(createKinde(), { headers: {} }, { onError: onError as RefusalHook });
  const ORIGINAL = {
    status: 401,
    body: { code: "MISSING_KEY", error: NO_KEY_IN_AUTHORIZATION },
  };

  it("an async onError is not awaited: the original refusal is sent, its rejection logged", async () => {
    const { logger, lines } = captureLogger();
    const result = await authorize(
      createKinde({ logger }),
      { headers: {} },
      {
        onError: (async () => {
          throw new Error("hook bug");
        }) as unknown as RefusalHook,
      },
    );
    expect(result).toMatchObject(ORIGINAL);
    await drain();
    expect(unhandled).toEqual([]);
    expect(lines.some((line) => line.msg === "kinde-keys: onError failed")).toBe(true);
  });

  it.each<[string, unknown]>([
    ["statusCode instead of status", { ok: false, statusCode: 418, body: { error: "teapot" } }],
    ["no headers", { ok: false, status: 401, body: { error: "x" } }],
    ["a status outside the table", { ok: false, status: 402, headers: {}, body: { error: "x" } }],
    ["a 2xx status", { ok: false, status: 200, headers: {}, body: { error: "x" } }],
    ["headers as an array", { ok: false, status: 401, headers: [["a", "b"]], body: {} }],
    ["a header value not a string", { ok: false, status: 401, headers: { a: 1 }, body: {} }],
    ["a header with a line break", { ok: false, status: 401, headers: { a: "b\nc" }, body: {} }],
    ["a body that is not an object", { ok: false, status: 401, headers: {}, body: "nope" }],
    ["a body JSON cannot encode", { ok: false, status: 401, headers: {}, body: { n: 1n } }],
    ["a string", "denied"],
    ["a pass", { ok: true, key: {} }],
  ])("a result with %s sends the original refusal", async (_, returned) => {
    expect(await refuse(() => returned)).toMatchObject(ORIGINAL);
  });

  it("a well-formed refusal from onError is sent", async () => {
    const mine: AuthorizeDenial = {
      ok: false,
      status: 403,
      headers: { "x-refused-by": "gateway" },
      body: { error: "Forbidden", code: "MISSING_KEY" },
    };
    expect(await refuse(() => mine)).toMatchObject({
      status: 403,
      headers: { "x-refused-by": "gateway" },
      body: mine.body,
    });
  });
});
