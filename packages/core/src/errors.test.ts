/**
 * The one error class: a stable `code`, an explicit `name`, `cause` kept when given, and a guard
 * that recognises errors from another loaded copy of the package (ESM and CJS side by side).
 */
import { describe, expect, it } from "vitest";
import { rejectionOf, setupFakeKinde } from "../test/helpers.ts";
import { isKindeKeysError, KindeKeysError } from "./errors.ts";

const { fake, createKinde } = setupFakeKinde();

describe("KindeKeysError", () => {
  it("carries name, code, message, status and retryAfterSeconds", () => {
    const error = new KindeKeysError("KINDE_UNAVAILABLE", "down", {
      status: 429,
      retryAfterSeconds: 3,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("KindeKeysError");
    expect(error.code).toBe("KINDE_UNAVAILABLE");
    expect(error.message).toBe("down");
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(3);
    expect(String(error)).toBe("KindeKeysError: down");
  });

  it("keeps a cause when given, and has none otherwise", () => {
    const cause = new TypeError("socket hang up");
    expect(new KindeKeysError("KINDE_UNAVAILABLE", "x", { cause }).cause).toBe(cause);
    expect("cause" in new KindeKeysError("CONFIG_INVALID", "x")).toBe(false);
  });
});

describe("isKindeKeysError", () => {
  it("recognises an instance", () => {
    expect(isKindeKeysError(new KindeKeysError("CONFIG_INVALID", "x"))).toBe(true);
  });

  it("recognises a structurally equal object from another copy of the package", () => {
    class ForeignKindeKeysError extends Error {
      override readonly name = "KindeKeysError";
      readonly code = "KINDE_AUTH_FAILED";
    }
    const foreign = new ForeignKindeKeysError("from the CJS build");
    expect(foreign instanceof KindeKeysError).toBe(false);
    expect(isKindeKeysError(foreign)).toBe(true);
    expect(
      isKindeKeysError({ name: "KindeKeysError", code: "KINDE_BAD_RESPONSE", message: "" }),
    ).toBe(true);
  });

  it.each([
    ["a plain Error", new Error("x")],
    ["an Error with a code", Object.assign(new Error("x"), { code: "KINDE_UNAVAILABLE" })],
    ["an unknown code", { name: "KindeKeysError", code: "SOMETHING_ELSE" }],
    ["a non-string code", { name: "KindeKeysError", code: 1 }],
    ["another name", { name: "TypeError", code: "CONFIG_INVALID" }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "KindeKeysError"],
  ])("rejects %s", (_, value) => {
    expect(isKindeKeysError(value)).toBe(false);
  });
});

describe("errors thrown by verify", () => {
  it("keep the low-level network error as cause", async () => {
    fake.inject({ endpoint: "verify", type: "reset" });
    const error = await rejectionOf(
      createKinde({ retry: { limit: 0 } }).verify("k_live_0123456789abcdef"),
    );
    expect(isKindeKeysError(error)).toBe(true);
    expect((error as KindeKeysError).cause).toBeInstanceOf(Error);
  });

  it("carry no cause for an HTTP answer (ky's error holds the request body)", async () => {
    fake.inject({ endpoint: "verify", type: "status", status: 500 });
    const error = await rejectionOf(
      createKinde({ retry: { limit: 0 } }).verify("k_live_0123456789abcdef"),
    );
    expect(isKindeKeysError(error)).toBe(true);
    expect((error as KindeKeysError).cause).toBeUndefined();
    expect((error as KindeKeysError).name).toBe("KindeKeysError");
  });
});
