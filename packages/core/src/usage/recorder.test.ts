import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../audit/event.ts";
import { memoryUsageStore } from "./memory-store.ts";
import { createUsageRecorder } from "./recorder.ts";

const DAY1 = "2025-03-01T10:00:00.000Z";
const DAY2 = "2025-03-02T23:59:59.000Z";

function request(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    timestamp: DAY1,
    method: "GET",
    route: "/orgs/:org/reports",
    routeMatched: true,
    status: 200,
    durationMs: 3,
    outcome: "allowed",
    keyId: "api_key_1",
    ownerType: "organization",
    orgCode: "org_acme",
    scopes: [],
    stale: false,
    ...overrides,
  };
}

describe("createUsageRecorder with memoryUsageStore", () => {
  it("counts per owner, UTC day and route template, with unmatched paths as `other`", async () => {
    const usage = createUsageRecorder({ store: memoryUsageStore() });
    const script: AuditEvent[] = [
      request({}),
      request({}),
      request({ timestamp: DAY2 }),
      request({ status: 403, outcome: "INSUFFICIENT_SCOPE" }),
      request({ route: "/no/such/path", routeMatched: false, status: 404 }),
      request({ orgCode: "org_globex", keyId: "api_key_2" }),
      request({ ownerType: "user", orgCode: undefined, userId: "kp_alice" }),
      // No owner: a refused request without a key, and an environment key.
      request({
        outcome: "MISSING_KEY",
        keyId: undefined,
        ownerType: undefined,
        orgCode: undefined,
      }),
      request({ ownerType: "environment", orgCode: undefined }),
    ];
    for (const event of script) await usage.audit(event);
    await usage.ai({
      timestamp: DAY2,
      keyId: "api_key_1",
      ownerType: "organization",
      orgCode: "org_acme",
      userId: null,
      inputChars: 120,
      outputChars: 480,
      durationMs: 12.6,
    });

    const acme = await usage.get({ orgCode: "org_acme", from: "2025-03-01", to: "2025-03-02" });
    const zero = {
      requests: 0,
      refused: 0,
      aiRequests: 0,
      inputChars: 0,
      outputChars: 0,
      providerMs: 0,
    };
    const owner = { ownerType: "organization", ownerId: "org_acme" };
    expect(acme).toEqual([
      {
        ...owner,
        ...zero,
        day: "2025-03-01",
        route: "/orgs/:org/reports",
        requests: 2,
        refused: 1,
      },
      { ...owner, ...zero, day: "2025-03-01", route: "other", requests: 1 },
      { ...owner, ...zero, day: "2025-03-02", route: "/orgs/:org/reports", requests: 1 },
      {
        ...owner,
        ...zero,
        day: "2025-03-02",
        route: "ai",
        aiRequests: 1,
        inputChars: 120,
        outputChars: 480,
        providerMs: 13,
      },
    ]);
    const globex = await usage.get({
      orgCode: "org_globex",
      from: new Date(DAY1),
      to: "2025-03-31",
    });
    expect(globex.map((row) => [row.ownerId, row.day, row.requests])).toEqual([
      ["org_globex", "2025-03-01", 1],
    ]);
    const alice = await usage.get({ userId: "kp_alice", from: "2025-03-01", to: "2025-03-01" });
    expect(alice).toHaveLength(1);
    expect(
      await usage.get({ orgCode: "org_acme", from: "2025-03-02", to: "2025-03-02" }),
    ).toHaveLength(2);
  });

  it("keeps only the routes it is told to, the rest as `other`", async () => {
    const usage = createUsageRecorder({ store: memoryUsageStore(), routes: ["/a"] });
    await usage.audit(request({ route: "/a" }));
    await usage.audit(request({ route: "/b" }));
    const rows = await usage.get({ orgCode: "org_acme", from: "2025-03-01", to: "2025-03-01" });
    expect(rows.map((row) => row.route)).toEqual(["/a", "other"]);
  });

  it("drops days past the retention as newer days are written", async () => {
    const usage = createUsageRecorder({ store: memoryUsageStore({ retentionDays: 2 }) });
    await usage.audit(request({ timestamp: "2025-03-01T00:00:00Z" }));
    await usage.audit(request({ timestamp: "2025-03-02T00:00:00Z" }));
    await usage.audit(request({ timestamp: "2025-03-03T00:00:00Z" }));
    const rows = await usage.get({ orgCode: "org_acme", from: "2025-03-01", to: "2025-03-03" });
    expect(rows.map((row) => row.day)).toEqual(["2025-03-02", "2025-03-03"]);
  });

  it("refuses bad reads and bad stores", async () => {
    const usage = createUsageRecorder({ store: memoryUsageStore() });
    await expect(usage.get({ orgCode: "" })).rejects.toThrow(/exactly one/);
    await expect(usage.get({ orgCode: "a", userId: "b" } as never)).rejects.toThrow(/exactly one/);
    await expect(usage.get({ orgCode: "a", from: "2025-02-30" })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(usage.get({ orgCode: "a", from: "2025-03-02", to: "2025-03-01" })).rejects.toThrow(
      /after/,
    );
    await expect(usage.get({ orgCode: "a", from: "2020-01-01", to: "2025-01-01" })).rejects.toThrow(
      /at most/,
    );
    expect(() => createUsageRecorder({ store: {} as never })).toThrow(TypeError);
    expect(() => memoryUsageStore({ retentionDays: 0 })).toThrow(TypeError);
  });
});
