/**
 * @module conformance/cases/disconnect
 * A client that goes away stops the wait for Kinde: the adapter hands the pipeline an abort signal
 * for its framework's request, so a request whose client left does not hold a slot until Kinde
 * answers or times out, and never reaches the handler.
 */
import type { VerifyEvent } from "@acme/kinde-keys-core";
import { expect, it, vi } from "vitest";
import type { SuiteContext } from "../suite.ts";

/** Registers the case with the suite. */
export function disconnectCases({ fake, app }: SuiteContext): void {
  it("stops waiting for Kinde when the client goes away", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    // Kinde holds its answer until the request's own signal aborts (or the 5 s timeout).
    fake.inject({ endpoint: "verify", type: "hang" });
    const events: VerifyEvent[] = [];
    const { send, handled } = await app({ onVerify: (event) => events.push(event) });
    const asked = fake.calls.verify;
    const leaving = new AbortController();
    const answer = send({ headers: { authorization: `Bearer ${key}` }, signal: leaving.signal });
    await vi.waitFor(() => expect(fake.calls.verify).toBe(asked + 1));
    leaving.abort();
    await answer.catch(() => undefined);
    // Only the client's departure can end this wait well before Kinde's timeout.
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 2_000 });
    expect(events[0]).toMatchObject({ outcome: "error", errorCode: "ABORTED" });
    expect(handled).toEqual([]);
  });
}
