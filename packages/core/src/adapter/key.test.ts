import { describe, expect, it } from "vitest";
import type { VerifiedApiKey } from "../types.ts";
import { requireVerifiedKey } from "./key.ts";

describe("requireVerifiedKey", () => {
  it("returns the key, or throws an error that says how to fix the route", () => {
    const key = { keyId: "key_1" } as VerifiedApiKey;
    expect(requireVerifiedKey(key, "req.kindeApiKey")).toBe(key);
    expect(() => requireVerifiedKey(undefined, "req.kindeApiKey")).toThrow(
      /No verified API key on this request \(req\.kindeApiKey is empty\): put kindeApiKey\(\) before this handler/,
    );
  });
});
