/**
 * A verified key is immutable: the key handed to one handler is deeply frozen, so it cannot change
 * what a later request with the same (cached) key is granted.
 */
import { describe, expect, it } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import { authorize } from "./authorize.ts";

const { fake, createKinde } = setupFakeKinde();

describe("the key handed to a handler", () => {
  it("cannot gain a scope for a later request", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme", scopes: ["read:reports"] });
    const kinde = createKinde();
    const first = await authorize(kinde, { headers: bearer(key) });
    if (!first.ok) throw new Error("expected a pass");
    const scopes = first.key.scopes as string[];
    expect(() => scopes.push("admin:all")).toThrow(TypeError);
    const later = await authorize(kinde, { headers: bearer(key) }, { scopes: ["admin:all"] });
    expect(later).toMatchObject({ ok: false, status: 403, body: { code: "INSUFFICIENT_SCOPE" } });
  });

  it("is deeply frozen: its owner, org and id cannot be rewritten", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const kinde = createKinde();
    const result = await kinde.verify(key);
    if (!result.valid) throw new Error("expected a valid key");
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.key)).toBe(true);
    expect(Object.isFrozen(result.key.owner)).toBe(true);
    expect(Object.isFrozen(result.key.scopes)).toBe(true);
    expect(() => {
      (result.key as { orgCode: string }).orgCode = "org_victim";
    }).toThrow(TypeError);
    const again = await kinde.verify(key);
    expect(again.valid && again.key.orgCode).toBe("org_acme");
  });
});
