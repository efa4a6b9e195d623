/**
 * `keys.create({ scopes: [names] })`: names resolved to ids with `GET /api/v1/apis/{id}/scopes`
 * (`read:api_scopes`), once per API and client; `scopeIds` still sent as they are.
 */
import { createFakeKinde, type FakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createKindeKeys } from "../client.ts";
import { createKeyManager } from "./index.ts";

const { fake, server, createKinde } = setupFakeKinde({
  apis: { api_reports: ["read:reports", "write:reports", "admin:reports"] },
});
const sent = checkRequestsAgainstSpec(server);
let narrow: FakeKinde | undefined;

/** The `scope_ids` of every create request of the running test. */
function sentScopeIds(): unknown[] {
  return sent.seen
    .filter((request) => request.method === "post" && request.path === "/api/v1/api_keys")
    .map((request) => (request.body as { scope_ids?: unknown }).scope_ids);
}

describe("keys.create with scope names", () => {
  it("resolves names to Kinde's scope ids and sends only ids", async () => {
    const keys = createKeyManager(createKinde());
    const { id } = await keys.create({
      name: "ci",
      apiId: "api_reports",
      scopes: ["read:reports", "write:reports"],
      orgCode: "org_acme",
    });
    expect(fake.getKey(id)?.scopes).toEqual(["read:reports", "write:reports"]);
    const [ids] = sentScopeIds();
    expect(ids).toEqual([
      expect.stringMatching(/^api_scope_/),
      expect.stringMatching(/^api_scope_/),
    ]);
    expect(fake.calls.scopes).toBe(1);
  });

  it("reads an API's scopes once per client, for every key manager of it", async () => {
    const kinde = createKinde();
    const input = { name: "ci", apiId: "api_reports", userId: "kp_1" } as const;
    await createKeyManager(kinde).create({ ...input, scopes: ["read:reports"] });
    await createKeyManager(kinde).create({ ...input, scopes: ["write:reports", "read:reports"] });
    expect(fake.calls.scopes).toBe(1);
    await createKeyManager(createKinde()).create({ ...input, scopes: ["read:reports"] });
    expect(fake.calls.scopes).toBe(2);
  });

  it("combines names with scopeIds, and scopeIds alone need no lookup", async () => {
    const keys = createKeyManager(createKinde());
    await keys.create({
      name: "a",
      apiId: "api_reports",
      scopeIds: ["admin:reports"],
      userId: "kp_1",
    });
    expect(fake.calls.scopes).toBe(0);
    const { id } = await keys.create({
      name: "b",
      apiId: "api_reports",
      scopeIds: ["admin:reports"],
      scopes: ["read:reports"],
      userId: "kp_1",
    });
    expect(fake.getKey(id)?.scopes).toEqual(["admin:reports", "read:reports"]);
  });

  it("refuses a name the API does not define, after reading the list again", async () => {
    const keys = createKeyManager(createKinde());
    const input = { name: "ci", apiId: "api_reports", environment: true } as const;
    await keys.create({ ...input, scopes: ["read:reports"] });
    await expect(
      keys.create({ ...input, scopes: ["read:Reports", "delete:x"] }),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("no scope named read:Reports, delete:x"),
    });
    // The kept list lacked the names, so it was read again before refusing.
    expect(fake.calls.scopes).toBe(2);
    expect(fake.calls.create).toBe(1);
  });

  it("says the application needs read:api_scopes when it lacks it, and creates nothing", async () => {
    const keys = createKeyManager(setupNarrowClient());
    const error = keys.create({
      name: "ci",
      apiId: "api_reports",
      scopes: ["read:reports"],
      userId: "kp_1",
    });
    await expect(error).rejects.toMatchObject({
      code: "KINDE_AUTH_FAILED",
      status: 403,
      message: expect.stringContaining("read:api_scopes"),
    });
    expect(narrow?.calls).toMatchObject({ scopes: 1, create: 0 });
  });

  it("checks the input before looking scopes up", async () => {
    const keys = createKeyManager(createKinde());
    const bad = { name: "", apiId: "api_reports", scopes: ["read:reports"], userId: "kp_1" };
    await expect(keys.create(bad)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    const notList = { name: "x", apiId: "api_reports", scopes: "read:reports", userId: "kp_1" };
    await expect(keys.create(notList as never)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    expect(fake.calls.total).toBe(0);
  });
});

/** A client of a second fake whose M2M application lacks read:api_scopes. */
function setupNarrowClient() {
  narrow = createFakeKinde({
    domain: "narrow.kinde.test",
    clientScopes: ["read:api_keys", "create:api_keys"],
    apis: { api_reports: ["read:reports"] },
  });
  server.use(...narrow.handlers);
  return createKindeKeys(narrow.clientConfig({ env: {}, retry: { limit: 0 } }));
}
