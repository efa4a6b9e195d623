import { describe, expect, it } from "vitest";
import { FakeConnectionResetError, isFakeConnectionResetError } from "./errors.ts";

describe("FakeConnectionResetError", () => {
  it("looks like the platform fetch's network failure", () => {
    const error = new FakeConnectionResetError();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe("FakeConnectionResetError");
    expect(error.code).toBe("ECONNRESET");
    expect((error.cause as { code?: string }).code).toBe("ECONNRESET");
  });

  it("is recognised by name too, so another loaded copy's errors count", () => {
    const foreign = Object.assign(new Error("x"), { name: "FakeConnectionResetError" });
    expect(isFakeConnectionResetError(foreign)).toBe(true);
    expect(isFakeConnectionResetError(new FakeConnectionResetError())).toBe(true);
    expect(isFakeConnectionResetError(new TypeError("fetch failed"))).toBe(false);
    expect(isFakeConnectionResetError("FakeConnectionResetError")).toBe(false);
  });
});
