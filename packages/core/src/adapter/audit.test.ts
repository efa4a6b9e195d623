import { describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "../audit/event.ts";
import { deny } from "../request/answers.ts";
import type { AuthorizeResult } from "../request/authorize.ts";
import { withRefusedKey } from "../request/refused-key.ts";
import type { VerifiedApiKey } from "../types.ts";
import { type AuditAccess, createRequestAudit } from "./audit.ts";

interface FakeRequest {
  method: string;
  route?: string;
  path: string;
  id?: unknown;
  ip?: string;
}

const access: AuditAccess<FakeRequest> = {
  method: (req) => req.method,
  route: (req) => req.route,
  path: (req) => req.path,
  requestId: (req) => req.id,
  clientIp: (req) => req.ip,
};

const key: VerifiedApiKey = {
  keyId: "api_key_1",
  scopes: ["read"],
  owner: { type: "user", userId: "kp_alice" },
  orgCode: null,
  userId: "kp_alice",
  lastVerifiedOn: null,
  verificationCount: null,
};

function recordOne(
  request: FakeRequest,
  status: number,
  outcome: AuthorizeResult | undefined,
  options: { clientIp?: boolean | ((req: FakeRequest) => string | undefined) } = {},
): AuditEvent {
  const events: AuditEvent[] = [];
  const audit = createRequestAudit(
    { sink: (event) => void events.push(event), ...options },
    access,
    undefined,
  );
  audit?.record(request, undefined, status, outcome, audit.start());
  expect(events).toHaveLength(1);
  return events[0] as AuditEvent;
}

describe("createRequestAudit", () => {
  it("is nothing at all without the option, so a request pays nothing", () => {
    expect(createRequestAudit(undefined, access, undefined)).toBeUndefined();
    expect(createRequestAudit(false, access, undefined)).toBeUndefined();
  });

  it("uses the path without its query when no template matched", () => {
    const event = recordOne({ method: "get", path: "/x/y?api_key=secret#frag" }, 401, undefined);
    expect(event).toMatchObject({ method: "GET", route: "/x/y", routeMatched: false });
    expect(event.outcome).toBe("NOT_DECIDED");
    expect(JSON.stringify(event)).not.toContain("secret");
  });

  it("keeps a request id only when it is short visible ASCII", () => {
    const id = (value: unknown) =>
      recordOne({ method: "GET", path: "/", id: value }, 200, undefined);
    expect(id("  abc-123  ").requestId).toBe("abc-123");
    expect(id(42).requestId).toBe("42");
    for (const bad of ["", "a b", "x".repeat(129), "caf\u00e9", "a\nb", ["a", "b"], {}]) {
      expect(id(bad).requestId, JSON.stringify(bad)).toBeUndefined();
    }
  });

  it("names the key of a pass and of a refusal decided after verification, and the stale flag", () => {
    const pass = { ok: true, key, headers: {}, stale: true } as AuthorizeResult;
    expect(recordOne({ method: "GET", path: "/" }, 200, pass)).toMatchObject({
      outcome: "allowed",
      keyId: "api_key_1",
      ownerType: "user",
      userId: "kp_alice",
      scopes: ["read"],
      stale: true,
    });
    const refusal = withRefusedKey(deny("RATE_LIMITED", { realm: "api" }), key);
    const refused = recordOne({ method: "GET", path: "/" }, 429, refusal);
    expect(refused).toMatchObject({ outcome: "RATE_LIMITED", keyId: "api_key_1", stale: false });
    expect(JSON.stringify(refusal)).not.toContain("api_key_1");
  });

  it("reports a reshaped body without a usable code as REFUSED", () => {
    const denial = { ...deny("INVALID_KEY", { realm: "api" }), body: { message: "no" } };
    const event = recordOne({ method: "GET", path: "/" }, 401, denial as never);
    expect(event.outcome).toBe("REFUSED");
  });

  it("adds the client address only when asked, from the framework or a function", () => {
    const req = { method: "GET", path: "/", ip: "203.0.113.9" };
    expect(recordOne(req, 200, undefined).clientIp).toBeUndefined();
    expect(recordOne(req, 200, undefined, { clientIp: true }).clientIp).toBe("203.0.113.9");
    expect(recordOne(req, 200, undefined, { clientIp: () => "198.51.100.1" }).clientIp).toBe(
      "198.51.100.1",
    );
  });

  it("checks the option when the middleware is made", () => {
    expect(() => createRequestAudit({} as never, access, undefined)).toThrow(TypeError);
    expect(() => createRequestAudit("x" as never, access, undefined)).toThrow(TypeError);
    const noIp = { ...access, clientIp: undefined };
    expect(() => createRequestAudit({ sink: () => {}, clientIp: true }, noIp, undefined)).toThrow(
      /pass a function/,
    );
    expect(() => createRequestAudit({ sink: () => {}, maxQueue: -1 }, access, undefined)).toThrow(
      /maxQueue/,
    );
  });

  it("logs, and never throws, when a framework getter throws", () => {
    const warn = vi.fn();
    const broken = {
      ...access,
      method: () => {
        throw new Error("getter");
      },
    };
    const audit = createRequestAudit(() => {}, broken, { warn });
    expect(() =>
      audit?.record({ method: "GET", path: "/" }, undefined, 200, undefined, 0),
    ).not.toThrow();
    expect(warn).toHaveBeenCalledWith(
      { err: "getter" },
      "kinde-keys: audit event could not be built",
    );
  });
});
