import { describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "./event.ts";
import { auditLogger } from "./logger-sink.ts";
import { createAuditQueue } from "./queue.ts";

const event = (n: number): AuditEvent => ({
  timestamp: new Date(0).toISOString(),
  method: "GET",
  route: `/r/${n}`,
  routeMatched: true,
  status: 200,
  durationMs: 1,
  outcome: "allowed",
});

describe("createAuditQueue", () => {
  it("calls a synchronous sink in place and survives it throwing", () => {
    const warn = vi.fn();
    const seen: string[] = [];
    const queue = createAuditQueue(
      (e) => {
        seen.push(e.route);
        if (e.route === "/r/1") throw new Error("boom");
      },
      { logger: { warn } },
    );
    for (const n of [0, 1, 2]) queue.push(event(n));
    expect(seen).toEqual(["/r/0", "/r/1", "/r/2"]);
    expect(warn).toHaveBeenCalledWith({ err: "boom", failed: 1 }, "kinde-keys: audit sink failed");
    expect(queue.stats()).toEqual({ dropped: 0, failed: 1, pending: 0 });
  });

  it("bounds an async sink: calls in flight, then a queue, then counted and logged drops", async () => {
    const warn = vi.fn();
    const release: (() => void)[] = [];
    const started: string[] = [];
    const queue = createAuditQueue(
      (e) => {
        started.push(e.route);
        return new Promise<void>((resolve) => release.push(resolve));
      },
      { concurrency: 2, maxQueue: 3, logger: { warn } },
    );
    for (let n = 0; n < 8; n++) queue.push(event(n)); // 2 running, 3 waiting, 3 dropped
    expect(started).toEqual(["/r/0", "/r/1"]);
    expect(queue.stats()).toEqual({ dropped: 3, failed: 0, pending: 5 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      { dropped: 1, maxQueue: 3 },
      "kinde-keys: audit queue full, event dropped",
    );
    const flushed = queue.flush();
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await flushed;
    expect(started).toEqual(["/r/0", "/r/1", "/r/2", "/r/3", "/r/4"]);
    expect(queue.stats().pending).toBe(0);
  });

  it("logs a rejecting sink and keeps going", async () => {
    const warn = vi.fn();
    const queue = createAuditQueue(() => Promise.reject(new Error("store down")), {
      logger: { warn },
    });
    queue.push(event(0));
    queue.push(event(1));
    await queue.flush();
    expect(queue.stats()).toEqual({ dropped: 0, failed: 2, pending: 0 });
    expect(warn).toHaveBeenCalledWith(
      { err: "store down", failed: 2 },
      "kinde-keys: audit sink failed",
    );
  });

  it("refuses a sink that is not a function and bounds that are not positive integers", () => {
    expect(() => createAuditQueue("nope" as never)).toThrow(TypeError);
    expect(() => createAuditQueue(() => {}, { maxQueue: 0 })).toThrow(/maxQueue/);
    expect(() => createAuditQueue(() => {}, { concurrency: 1.5 })).toThrow(/concurrency/);
  });
});

describe("auditLogger", () => {
  it("writes one pino-style line per event: the event as the object, a fixed message", () => {
    const info = vi.fn();
    const warn = vi.fn();
    auditLogger({ info })(event(7));
    expect(info).toHaveBeenCalledWith(event(7), "kinde-keys: request");
    auditLogger({ warn }, { level: "warn", message: "api call" })(event(1));
    expect(warn).toHaveBeenCalledWith(event(1), "api call");
  });

  it("refuses a logger without the level's method", () => {
    expect(() => auditLogger({ warn: () => {} })).toThrow(/no `info` method/);
  });
});
