/**
 * @module fault-answer
 * What an injected fault turns an answer into: an error status, a wait, silence, a dropped
 * connection or a body that is not what the schema promises. Kept apart from the queue
 * (`faults.ts`), which only decides which request a fault applies to.
 */

import { FakeConnectionResetError } from "./errors.ts";
import type { FakeFault } from "./faults.ts";
import { defaultErrorBody, jsonResponse, routeNotFound } from "./responses.ts";
import { sleep, waitForAbort } from "./sleep.ts";

/**
 * The answer to `request` under `fault`.
 *
 * @param normal - The answer the fake gives when nothing goes wrong (a `delay` fault ends in it).
 * @param oauth - Whether the request is for the token endpoint, whose errors have the OAuth shape.
 * @throws FakeConnectionResetError on a `reset` fault; the signal's reason when a wait is aborted.
 */
export async function answerWithFault(
  fault: FakeFault,
  request: Request,
  normal: () => Promise<Response>,
  oauth: boolean,
): Promise<Response> {
  switch (fault.type) {
    case "status":
      return jsonResponse(
        // An explicit `body: null` is a body too; only a missing one gets Kinde's error shape.
        fault.body !== undefined ? fault.body : defaultErrorBody(fault.status, oauth),
        fault.status,
        fault.headers,
      );
    case "delay":
      await sleep(fault.ms, request.signal);
      return normal();
    case "hang":
      return waitForAbort(request.signal);
    case "reset":
      throw new FakeConnectionResetError();
    case "non-json":
      return new Response("<html>oops</html>", {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    case "body":
      return jsonResponse(fault.body, fault.status ?? 200);
    case "route-not-found":
      return routeNotFound(request.method, new URL(request.url).pathname);
    case "bare-401":
      return new Response(null, { status: 401 });
  }
}
