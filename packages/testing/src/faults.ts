/**
 * @module faults
 * Injected faults: the failures a client of Kinde must survive (error statuses, slowness, silence,
 * dropped connections, bodies that are not what the schema promises). Faults queue up and are
 * checked before normal handling, so a faulted call is still counted in `fake.calls`.
 */

import type { FaultGroup } from "./routes.ts";

/**
 * Which requests a fault affects: the token endpoint, verify, the management calls (list, get,
 * create, rotate, delete), or `"any"` request at all (unknown paths included).
 */
export type FakeFaultEndpoint = "token" | "verify" | "management" | "any";

/**
 * A failure to inject with `fake.inject(fault)`.
 *
 * | `type` | effect |
 * |---|---|
 * | `status` | answers `status` with `body` (JSON) or Kinde's error shape for that endpoint, plus `headers` |
 * | `delay` | answers normally after `ms`; stops waiting when the request's signal aborts |
 * | `hang` | never answers; rejects when the request's signal aborts (timeout tests) |
 * | `reset` | connection reset: `fetch()` rejects with `FakeConnectionResetError`, MSW returns a network error, the server resets the socket |
 * | `non-json` | 200 `text/html` `<html>oops</html>` |
 * | `route-not-found` | 404 `{ errors: { code: "ROUTE_NOT_FOUND", … } }` (an object, as Kinde sends it for a path it does not serve: a wrong domain, or API keys not in the plan) |
 * | `bare-401` | 401 with no body (names neither the key nor the token) |
 * | `body` | `status` (default 200) with exactly `body`, JSON-encoded (schema-violating answers) |
 *
 * @example
 * ```ts
 * fake.inject({ endpoint: "verify", type: "status", status: 429, headers: { "RateLimit-Reset": "2" }, times: 1 });
 * fake.inject({ endpoint: "token", type: "hang" });
 * ```
 */
export type FakeFault = {
  /** Which requests the fault affects. */
  endpoint: FakeFaultEndpoint;
  /**
   * How many matching requests it affects before it is used up.
   * @default `Infinity` (until `fake.clearFaults()`)
   */
  times?: number;
} & (
  | {
      type: "status";
      /** HTTP status, 200–599. */
      status: number;
      /** Extra answer headers, e.g. `RateLimit-Reset` on a 429. */
      headers?: Record<string, string>;
      /** JSON body. @default Kinde's error shape for the endpoint and status */
      body?: unknown;
    }
  | {
      type: "delay";
      /** Milliseconds to wait before answering normally. */
      ms: number;
    }
  | { type: "hang" }
  | { type: "reset" }
  | { type: "non-json" }
  | { type: "route-not-found" }
  | { type: "bare-401" }
  | {
      type: "body";
      /** The exact JSON body to send. */
      body: unknown;
      /** @default 200 */
      status?: number;
    }
);

interface QueuedFault {
  readonly fault: FakeFault;
  remaining: number;
}

/**
 * Checks a fault's fields once, at injection, so a typo fails the test that made it instead of
 * surfacing later as a confusing answer.
 */
function validate(fault: FakeFault): void {
  const times = fault.times ?? Number.POSITIVE_INFINITY;
  if (!(times >= 1) || (Number.isFinite(times) && !Number.isInteger(times))) {
    throw new RangeError(`fault.times must be a positive integer or Infinity, got ${fault.times}`);
  }
  const status =
    fault.type === "status" ? fault.status : fault.type === "body" ? fault.status : 200;
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new RangeError(`fault.status must be an integer from 200 to 599, got ${status}`);
  }
  if (fault.type === "delay" && !(fault.ms >= 0)) {
    throw new RangeError(`fault.ms must be zero or more, got ${fault.ms}`);
  }
}

/**
 * The queue of injected faults. The first queued fault that matches a request applies to it and
 * uses up one of its `times`; a used-up fault leaves the queue, letting the next one apply.
 *
 * @example
 * ```ts
 * const faults = new FaultQueue();
 * faults.inject({ endpoint: "verify", type: "reset", times: 1 });
 * faults.take("verify"); // the reset fault
 * faults.take("verify"); // undefined
 * ```
 */
export class FaultQueue {
  readonly #queue: QueuedFault[] = [];

  /** Queues a fault. @throws RangeError if its fields are out of range. */
  inject(fault: FakeFault): void {
    validate(fault);
    this.#queue.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue.length = 0;
  }

  /** The fault for a request to `group`, if one matches; uses up one of its `times`. */
  take(group: FaultGroup): FakeFault | undefined {
    const index = this.#queue.findIndex(
      ({ fault }) => fault.endpoint === "any" || fault.endpoint === group,
    );
    const queued = this.#queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }
}
