/** `redactKey`: a log hint with the type prefix and last four characters, never enough to use. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactKey } from "./redact.ts";

describe("redactKey", () => {
  it.each([
    ["k_live_3f9a0c1b2d4e5f60718293a4b5c6abcd", "k_live_…abcd"],
    ["kinde_3f9a0c1b2d4e5f60718293a4b5c6wxyz", "kinde_…wxyz"],
    ["3f9a0c1b2d4e5f60718293a4b5c6abcd", "…abcd"],
    ["k_live_0123456789ab", "…89ab"],
    ["0123456789abcdef", "…cdef"],
    ["0123456789abcde", "…"],
    ["short", "…"],
    ["", "[none]"],
  ])("%j → %j", (key, hint) => {
    expect(redactKey(key)).toBe(hint);
  });

  it.each([undefined, null, 42, {}])("%o → [none]", (value) => {
    expect(redactKey(value)).toBe("[none]");
  });

  it("never reveals more than the prefix and four characters of a long key", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 16, maxLength: 200 }), (key) => {
        const hint = redactKey(key);
        const [prefix = "", suffix = ""] = hint.split("…");
        expect(hint).toContain("…");
        expect(suffix).toBe(key.slice(-4));
        expect(key.startsWith(prefix)).toBe(true);
        // At least 12 characters of any key stay hidden.
        expect(key.length - prefix.length - suffix.length).toBeGreaterThanOrEqual(12);
        expect(hint).not.toContain(key.slice(0, -4));
      }),
    );
  });
});
