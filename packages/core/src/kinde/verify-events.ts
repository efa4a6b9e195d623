/**
 * @module kinde/verify-events
 * The `onVerify` hook: one {@link VerifyEvent} per verification, built from the outcome, with a
 * redacted key hint and never the key. A hook that throws, or returns a promise that rejects, is
 * logged and cannot fail a verification nor leave an unhandled rejection.
 */
import { isKindeKeysError } from "../errors.ts";
import { describeError } from "../logger.ts";
import { redactKey } from "../redact.ts";
import type { Logger, VerifyEvent, VerifyResult } from "../types.ts";

/** Reports one verification: its key, start time, whether the cache answered, and the outcome. */
export type VerifyReporter = (
  apiKey: unknown,
  started: number,
  cached: boolean,
  outcome: VerifyResult | unknown,
) => void;

/** The reporter for `onVerify`, or `undefined` without one, so verify can skip the work. */
export function verifyReporter(
  onVerify: ((event: VerifyEvent) => unknown) | undefined,
  logger: Logger | undefined,
): VerifyReporter | undefined {
  if (!onVerify) return undefined;
  const failed = (error: unknown) =>
    logger?.warn?.({ err: describeError(error) }, "kinde-keys: onVerify threw");
  return (apiKey, started, cached, outcome) => {
    const base = { keyHint: redactKey(apiKey), cached, durationMs: performance.now() - started };
    try {
      const returned = onVerify(eventOf(base, outcome)) as Promise<unknown> | undefined;
      returned?.then?.(undefined, failed);
    } catch (error) {
      failed(error);
    }
  };
}

/** Settles like `answer`, reporting its outcome first. */
export function reportWhenSettled(
  answer: Promise<VerifyResult>,
  report: VerifyReporter,
  apiKey: string,
  started: number,
): Promise<VerifyResult> {
  return answer.then(
    (result) => {
      report(apiKey, started, false, result);
      return result;
    },
    (error: unknown) => {
      report(apiKey, started, false, error);
      throw error;
    },
  );
}

type EventBase = Pick<VerifyEvent, "keyHint" | "cached" | "durationMs">;

/** A result, a {@link KindeKeysError}, or anything else thrown (an abort) as an event. */
function eventOf(base: EventBase, outcome: VerifyResult | unknown): VerifyEvent {
  if (isKindeKeysError(outcome)) return { ...base, outcome: "error", errorCode: outcome.code };
  if (typeof outcome === "object" && outcome !== null && "valid" in outcome) {
    const result = outcome as VerifyResult;
    if (!result.valid) return { ...base, outcome: result.reason };
    const event: VerifyEvent = {
      ...base,
      outcome: "valid",
      keyId: result.key.keyId,
      owner: result.key.owner,
    };
    return result.stale ? { ...event, stale: true } : event;
  }
  return { ...base, outcome: "error", errorCode: "ABORTED" };
}
