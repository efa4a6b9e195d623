/**
 * @module conformance/cases/audit
 * The `audit` option, the same in every adapter: one event per request once its status is known,
 * for passes and refusals alike, with the route's template, the status and the owner; never the key
 * or a header; and a sink that throws or rejects changes no answer. These cases send without
 * recording, so the shared answers file is unchanged.
 */
import type { AuditEvent } from "@acme/kinde-keys-core";
import { expect, it, vi } from "vitest";
import type { SuiteContext } from "../suite.ts";
import { bearer } from "./refusals.ts";

/** Registers the audit cases. */
export function auditCases({ fake, app }: SuiteContext): void {
  it("audit: one event per request with status, route template and owner", async () => {
    const events: AuditEvent[] = [];
    const { id, key } = fake.addKey({ orgCode: "org_acme", scopes: ["read"] });
    const { send } = await app({ audit: (event) => void events.push(event) });
    const allowed = await send({
      path: "/orgs/org_acme/things",
      headers: [
        ["authorization", `Bearer ${key}`],
        ["x-request-id", "  req-42  "],
      ],
    });
    const refused = await send({ ...bearer(key), path: "/orgs/org_other/things" });
    const missing = await send({ path: "/things?api_key=k_live_leaked" });
    expect([allowed.status, refused.status, missing.status]).toEqual([200, 403, 401]);
    await settled(events, 3);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      requestId: "req-42",
      method: "GET",
      route: "/orgs/:org/things",
      routeMatched: true,
      status: 200,
      outcome: "allowed",
      keyId: id,
      ownerType: "organization",
      orgCode: "org_acme",
      scopes: ["read"],
      stale: false,
    });
    expect(events[1]).toMatchObject({
      route: "/orgs/:org/things",
      status: 403,
      outcome: "ORG_MISMATCH",
      keyId: id,
      orgCode: "org_acme",
    });
    expect(events[2]).toMatchObject({ route: "/things", status: 401, outcome: "MISSING_KEY" });
    expect(events[2]?.keyId).toBeUndefined();
    for (const event of events) {
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(event.timestamp))).toBe(false);
      expect(event.clientIp).toBeUndefined();
      const text = JSON.stringify(event);
      expect(text).not.toContain(key);
      expect(text).not.toContain("k_live_leaked");
      expect(text).not.toContain("authorization");
    }
  });

  it("audit: a sink that throws or rejects changes no answer, and is logged", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    const warn = vi.fn();
    const answersWith = async (audit: () => unknown) => {
      const { send, handled } = await app({ audit: audit as () => void, logger: { warn } });
      const answers = [await send(bearer(key)), await send({ path: "/things" })];
      return { answers: answers.map((a) => [a.status, a.body]), handled };
    };
    const quiet = await answersWith(() => undefined);
    const throwing = await answersWith(() => {
      throw new Error("sink down");
    });
    const rejecting = await answersWith(() => Promise.reject(new Error("sink rejected")));
    expect(throwing).toEqual(quiet);
    expect(rejecting).toEqual(quiet);
    expect(quiet.handled).toEqual([id]);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(4));
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: "sink rejected" }),
      "kinde-keys: audit sink failed",
    );
  });
}

/** Waits until `count` events arrived, then a little longer, so an extra one would show. */
async function settled(events: readonly AuditEvent[], count: number): Promise<void> {
  await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(count));
  await new Promise((resolve) => setTimeout(resolve, 20));
}
