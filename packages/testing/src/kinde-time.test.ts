import { describe, expect, it } from "vitest";
import { formatKindeTimestamp } from "./kinde-time.ts";

describe("formatKindeTimestamp", () => {
  it("reproduces Kinde's documented example", () => {
    expect(formatKindeTimestamp(Date.UTC(2024, 10, 18, 2, 32, 3))).toBe("2024-11-18T13:32:03+11");
  });

  it("rolls the date over at UTC+11 midnight", () => {
    expect(formatKindeTimestamp(Date.UTC(2024, 11, 31, 13, 0, 0))).toBe("2025-01-01T00:00:00+11");
  });

  it("keeps the instant: adding the missing minutes makes it parse back", () => {
    const instant = Date.UTC(2025, 5, 1, 20, 15, 42);
    expect(Date.parse(`${formatKindeTimestamp(instant)}:00`)).toBe(instant);
  });
});
