/**
 * `createKeyManager(kinde)`: the management entry point reaches the client's HTTP client and token
 * manager through a hidden slot, so the client itself carries no key manager and no visible internals.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import type { KindeKeys } from "../client.ts";
import { createKeyManager } from "./index.ts";

const { fake, createKinde } = setupFakeKinde();

describe("createKeyManager", () => {
  it("manages keys with the client's token: one M2M token for verify and management alike", async () => {
    const kinde = createKinde({ cache: false });
    const keys = createKeyManager(kinde);
    const { id, key } = await keys.create({ name: "ci", apiId: "api_fake", orgCode: "org_acme" });
    expect(await kinde.verify(key)).toMatchObject({ valid: true, key: { keyId: id } });
    expect((await createKeyManager(kinde).get(id))?.id).toBe(id);
    expect(fake.calls.token).toBe(1);
  });

  it("refuses, with a TypeError naming the cause, anything not made by createKindeKeys", () => {
    const kinde = createKinde();
    const lookalikes: unknown[] = [
      { ...kinde },
      Object.assign({}, kinde),
      { verify: kinde.verify },
      null,
      undefined,
      "acme.kinde.com",
    ];
    for (const lookalike of lookalikes) {
      expect(() => createKeyManager(lookalike as KindeKeys)).toThrow(
        /createKeyManager needs a client made by createKindeKeys\(\)/,
      );
    }
  });

  it("leaves the client without a key manager and without visible internals", () => {
    const kinde = createKinde();
    expect("keys" in kinde).toBe(false);
    expect(Object.keys(kinde).sort()).toEqual([
      "close",
      "invalidate",
      "invalidateKeyId",
      "origin",
      "verify",
    ]);
    expect(JSON.parse(JSON.stringify(kinde))).toEqual({ origin: kinde.origin });
    expect(inspect(kinde)).not.toMatch(/tokens|Symbol\(/);
  });

  it("cannot be handed other internals: the slot is read-only", () => {
    const kinde = createKinde();
    const slot = Object.getOwnPropertySymbols(kinde).find((symbol) =>
      symbol.description?.includes("client-internals"),
    );
    expect(slot).toBeDefined();
    const descriptor = Object.getOwnPropertyDescriptor(kinde, slot as symbol);
    expect(descriptor).toMatchObject({ enumerable: false, writable: false, configurable: false });
    expect(Object.isFrozen(descriptor?.value)).toBe(true);
  });
});
