import { afterEach, describe, expect, it, vi } from "vitest";
import { ExpiringLru } from "./lru.ts";

describe("ExpiringLru", () => {
  afterEach(() => vi.useRealTimers());

  it("never holds more than maxEntries and evicts the least recently used", () => {
    const lru = new ExpiringLru<number>(3);
    lru.set("a", 1, Infinity);
    lru.set("b", 2, Infinity);
    lru.set("c", 3, Infinity);
    expect(lru.get("a")).toBe(1); // a is now the most recently used
    lru.set("d", 4, Infinity);
    expect(lru.size).toBe(3);
    expect(lru.get("b")).toBeUndefined();
    expect([lru.get("a"), lru.get("c"), lru.get("d")]).toEqual([1, 3, 4]);
  });

  it("expires entries after their ttl", () => {
    vi.useFakeTimers();
    const lru = new ExpiringLru<string>(10);
    lru.set("k", "v", 1_000);
    vi.advanceTimersByTime(999);
    expect(lru.get("k")).toBe("v");
    vi.advanceTimersByTime(1);
    expect(lru.get("k")).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it("overwrites and deletes", () => {
    const lru = new ExpiringLru<number>(2);
    lru.set("k", 1, Infinity);
    lru.set("k", 2, Infinity);
    expect(lru.size).toBe(1);
    expect(lru.get("k")).toBe(2);
    lru.delete("k");
    expect(lru.get("k")).toBeUndefined();
  });

  it("a read entry outlives at least half a map's worth of insertions, however recently it moved", () => {
    const lru = new ExpiringLru<number>(10);
    for (let i = 0; i < 10; i += 1) lru.set(`k${i}`, i, Infinity);
    for (let i = 0; i < 10; i += 1) {
      expect(lru.get("k0")).toBe(0);
      lru.set(`n${i}`, i, Infinity);
    }
    expect(lru.get("k0")).toBe(0);
    expect(lru.size).toBe(10);
    expect(lru.get("k1")).toBeUndefined();
  });
});
