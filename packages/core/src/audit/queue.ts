/**
 * @module audit/queue
 * Hands audit events to a sink without ever holding up or failing a request. A synchronous sink is
 * called in place. An async one runs with a bounded number of calls in flight; events beyond that
 * wait in a bounded queue, and when the queue is full the event is dropped, counted and logged
 * (a slow audit store must not turn into unbounded memory, nor into latency for callers).
 */
import type { Logger } from "../types.ts";
import type { AuditEvent, AuditSink } from "./event.ts";

/** Bounds of {@link createAuditQueue}. */
export interface AuditQueueOptions {
  /**
   * Sink calls that may be pending at once.
   * @default 16
   */
  concurrency?: number;
  /**
   * Events that may wait for a free slot; more are dropped and counted.
   * @default 1000
   */
  maxQueue?: number;
  /** Where sink failures and drops are reported. */
  logger?: Logger | undefined;
}

/** A sink behind a bounded queue. */
export interface AuditQueue {
  /** Hands one event over; never throws, never waits. */
  push(event: AuditEvent): void;
  /** Resolves once every accepted event reached the sink and its call settled. */
  flush(): Promise<void>;
  /** Counters: events dropped because the queue was full, sink failures, calls pending now. */
  stats(): { readonly dropped: number; readonly failed: number; readonly pending: number };
}

/**
 * Wraps `sink` in a bounded queue.
 *
 * @throws {TypeError} when `sink` is not a function or a bound is not a positive integer
 * @example
 * ```ts
 * const queue = createAuditQueue(async (event) => db.insert(event), { logger });
 * queue.push(event);
 * ```
 */
export function createAuditQueue(sink: AuditSink, options: AuditQueueOptions = {}): AuditQueue {
  if (typeof sink !== "function") throw new TypeError("audit: the sink must be a function.");
  const concurrency = positiveInteger(options.concurrency ?? 16, "concurrency");
  const maxQueue = positiveInteger(options.maxQueue ?? 1000, "maxQueue");
  const { logger } = options;
  const waiting: AuditEvent[] = [];
  let inFlight = 0;
  let dropped = 0;
  let failed = 0;
  let idle: (() => void)[] = [];

  function fail(error: unknown): void {
    failed++;
    logSinkFailure(logger, error, failed);
  }

  function settle(): void {
    inFlight--;
    const next = waiting.shift();
    if (next) run(next);
    else if (inFlight === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  }

  function run(event: AuditEvent): void {
    let result: void | PromiseLike<void>;
    try {
      result = sink(event);
    } catch (error) {
      fail(error);
      return;
    }
    if (result && typeof result.then === "function") {
      inFlight++;
      Promise.resolve(result).then(settle, (error: unknown) => {
        fail(error);
        settle();
      });
    }
  }

  return {
    push(event) {
      if (inFlight < concurrency) return run(event);
      if (waiting.length < maxQueue) {
        waiting.push(event);
        return;
      }
      dropped++;
      logDrop(logger, dropped, maxQueue);
    },
    flush() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    stats: () => ({ dropped, failed, pending: inFlight + waiting.length }),
  };
}

/** A failed sink call, by its message only (the event itself stays out of the log). */
function logSinkFailure(logger: Logger | undefined, error: unknown, failed: number): void {
  logger?.warn?.(
    { err: error instanceof Error ? error.message : String(error), failed },
    "kinde-keys: audit sink failed",
  );
}

/** The first drop, then every hundredth: a stuck sink must not flood the log either. */
function logDrop(logger: Logger | undefined, dropped: number, maxQueue: number): void {
  if (dropped % 100 === 1) {
    logger?.warn?.({ dropped, maxQueue }, "kinde-keys: audit queue full, event dropped");
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`audit: \`${name}\` must be a positive integer, got ${String(value)}.`);
  }
  return value;
}
