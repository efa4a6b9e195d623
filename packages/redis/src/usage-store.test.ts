import { type AuditEvent, createUsageRecorder } from "@acme/kinde-keys-core";
import { describe, expect, it } from "vitest";
import { CLIENTS, connect, connectToNothing, uniquePrefix } from "../test/helpers.ts";
import { redisUsageStore } from "./usage-store.ts";

function request(orgCode: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    timestamp: "2025-03-01T12:00:00.000Z",
    method: "GET",
    route: "/orgs/:org/reports",
    routeMatched: true,
    status: 200,
    durationMs: 2,
    outcome: "allowed",
    keyId: `api_key_${orgCode}`,
    ownerType: "organization",
    orgCode,
    scopes: [],
    stale: false,
    ...overrides,
  };
}

describe.each(CLIENTS)("redisUsageStore with $name", ({ connect: open }) => {
  it("keeps usage rows for two organizations across instances, with the retention as expiry", async () => {
    const prefix = uniquePrefix();
    // Two instances of the app, one database.
    const one = createUsageRecorder({ store: redisUsageStore(await open(), { prefix }) });
    const two = createUsageRecorder({
      store: redisUsageStore(await open(), { prefix, retentionDays: 30 }),
    });
    await Promise.all([
      ...Array.from({ length: 5 }, () => one.audit(request("org_acme"))),
      ...Array.from({ length: 3 }, () => two.audit(request("org_acme"))),
      two.audit(request("org_acme", { status: 403, outcome: "INSUFFICIENT_SCOPE" })),
      two.audit(
        request("org_acme", {
          timestamp: "2025-03-02T00:00:01Z",
          route: "/x?y",
          routeMatched: false,
        }),
      ),
      one.audit(request("org_globex")),
      one.ai({
        timestamp: "2025-03-02T08:00:00Z",
        keyId: "api_key_globex",
        ownerType: "organization",
        orgCode: "org_globex",
        userId: null,
        inputChars: 10,
        outputChars: 90,
        durationMs: 41.2,
      }),
    ]);
    const zero = {
      requests: 0,
      refused: 0,
      aiRequests: 0,
      inputChars: 0,
      outputChars: 0,
      providerMs: 0,
    };
    const acme = { ownerType: "organization", ownerId: "org_acme" };
    expect(await one.get({ orgCode: "org_acme", from: "2025-03-01", to: "2025-03-02" })).toEqual([
      { ...acme, ...zero, day: "2025-03-01", route: "/orgs/:org/reports", requests: 8, refused: 1 },
      { ...acme, ...zero, day: "2025-03-02", route: "other", requests: 1 },
    ]);
    const globex = { ownerType: "organization", ownerId: "org_globex" };
    expect(await two.get({ orgCode: "org_globex", from: "2025-03-01", to: "2025-03-02" })).toEqual([
      { ...globex, ...zero, day: "2025-03-01", route: "/orgs/:org/reports", requests: 1 },
      {
        ...globex,
        ...zero,
        day: "2025-03-02",
        route: "ai",
        aiRequests: 1,
        inputChars: 10,
        outputChars: 90,
        providerMs: 41,
      },
    ]);
    const redis = await connect();
    const ttl = await redis.ttl(`${prefix}organization:org_acme:2025-03-01`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400 * 86_400);
    expect(await redis.ttl(`${prefix}organization:org_acme:2025-03-02`)).toBeLessThanOrEqual(
      30 * 86_400,
    );
  });

  it("rejects when Redis is down, so the audit queue logs it", async () => {
    const usage = createUsageRecorder({ store: redisUsageStore(connectToNothing()) });
    await expect(usage.audit(request("org_acme"))).rejects.toThrow();
    expect(() => redisUsageStore(connectToNothing(), { retentionDays: 0 })).toThrow(TypeError);
  });
});
