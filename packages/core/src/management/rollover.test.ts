/**
 * `keys.rollover(id)`: Kinde's dual-key rotation. A sibling key with the same API, scopes and
 * owner; the old key keeps working until `delete(oldId)`.
 */
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createKindeKeys } from "../client.ts";
import { createKeyManager } from "./index.ts";

const { fake, server, createKinde } = setupFakeKinde();
checkRequestsAgainstSpec(server);

describe("keys.rollover", () => {
  it("creates a sibling with the same API, scopes and owner; the old key stays active", async () => {
    const old = fake.addKey({
      name: "Acme CI",
      apiId: "api_reports",
      orgCode: "org_acme",
      scopes: ["read:reports", "write:reports"],
    });
    const kinde = createKinde({ cache: false });
    const keys = createKeyManager(kinde);

    const rolled = await keys.rollover(old.id);
    expect(Object.keys(rolled).sort()).toEqual(["id", "key", "oldId"]);
    expect(rolled.oldId).toBe(old.id);
    expect(rolled.id).not.toBe(old.id);
    expect(fake.getKey(rolled.id)).toMatchObject({
      name: "Acme CI",
      apiId: "api_reports",
      type: "organization",
      orgCode: "org_acme",
      scopes: ["read:reports", "write:reports"],
      status: "active",
    });
    expect(await kinde.verify(old.key)).toMatchObject({ valid: true });
    expect(await kinde.verify(rolled.key)).toMatchObject({
      valid: true,
      key: { keyId: rolled.id },
    });

    await keys.delete(rolled.oldId);
    expect(await kinde.verify(old.key)).toEqual({ valid: false, reason: "revoked" });
    expect(await kinde.verify(rolled.key)).toMatchObject({ valid: true });
  });

  it("keeps a user owner, an environment owner, and takes a new name", async () => {
    const user = fake.addKey({ userId: "kp_1", scopes: ["read:x"] });
    const env = fake.addKey({ name: "env" });
    const keys = createKeyManager(createKinde());
    const fromUser = await keys.rollover(user.id, { name: "renamed" });
    expect(fake.getKey(fromUser.id)).toMatchObject({
      type: "user",
      userId: "kp_1",
      scopes: ["read:x"],
      name: "renamed",
    });
    const fromEnv = await keys.rollover(env.id);
    expect(fake.getKey(fromEnv.id)).toMatchObject({ type: "environment", name: "env", scopes: [] });
  });

  it("reports an unknown id as a 404 and creates nothing", async () => {
    const keys = createKeyManager(createKinde());
    await expect(keys.rollover("api_key_missing")).rejects.toMatchObject({
      code: "KINDE_BAD_RESPONSE",
      status: 404,
    });
    expect(fake.calls.create).toBe(0);
  });

  it("needs read:api_scopes, and says so", async () => {
    const narrow = createFakeKinde({
      domain: "narrow.kinde.test",
      clientScopes: ["read:api_keys", "create:api_keys"],
      keys: [{ id: "api_key_narrow", orgCode: "org_1", scopes: ["read:x"] }],
    });
    server.use(...narrow.handlers);
    const keys = createKeyManager(createKindeKeys(narrow.clientConfig({ env: {} })));
    await expect(keys.rollover("api_key_narrow")).rejects.toMatchObject({
      code: "KINDE_AUTH_FAILED",
      message: expect.stringMatching(/read:api_scopes.*rollover/),
    });
    expect(narrow.calls).toMatchObject({ get: 1, scopes: 1, create: 0 });
  });
});
