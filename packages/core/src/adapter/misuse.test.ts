import { afterEach, describe, expect, it, vi } from "vitest";
import { factoryMisuse } from "./misuse.ts";

afterEach(() => vi.restoreAllMocks());

describe("factoryMisuse", () => {
  it("is nothing for a factory called with its options", () => {
    expect(factoryMisuse("kindeApiKey", [])).toBeUndefined();
  });

  it("answers core's 503 and logs the fix once, for a factory registered as a middleware", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const first = factoryMisuse("misusedFactory", [{}, () => {}]);
    const second = factoryMisuse("misusedFactory", [() => {}]);
    expect(first).toMatchObject({
      ok: false,
      status: 503,
      headers: { "retry-after": "5", "content-type": "application/json; charset=utf-8" },
      body: { code: "VERIFICATION_UNAVAILABLE" },
    });
    expect(second).toEqual(first);
    expect(log.mock.calls).toEqual([
      ["misusedFactory is a factory: use app.use(misusedFactory())"],
    ]);
  });
});
