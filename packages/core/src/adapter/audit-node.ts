/**
 * @module adapter/audit-node
 * When a Node response is done, for adapters that record their audit event from `node:http`
 * (Express): `finish` once the response was handed to the operating system, or `close` when the
 * connection went away first. Exactly one call either way.
 */

/** The part of a Node `ServerResponse` this reads. */
export interface NodeResponseEvents {
  /** True once the whole response was handed to the operating system. */
  readonly writableFinished: boolean;
  /** True once the connection is gone (or the response was destroyed). */
  readonly destroyed: boolean;
  once(event: "finish" | "close", listener: () => void): unknown;
}

/**
 * Calls `done` once, when `res` finished or closed, whichever comes first (at once if it already
 * did).
 *
 * @example
 * ```ts
 * whenNodeResponseDone(res, () => audit.record(req, res, res.statusCode, outcome, started));
 * ```
 */
export function whenNodeResponseDone(res: NodeResponseEvents, done: () => void): void {
  if (res.writableFinished || res.destroyed) {
    done();
    return;
  }
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  res.once("finish", once);
  res.once("close", once);
}
