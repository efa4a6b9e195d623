import { createFakeKinde, type FakeKinde } from "@acme/kinde-keys-testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createKindeKeys, type KindeKeys } from "../client.ts";
import { isKindeKeysError } from "../errors.ts";
import { type ApiKeyManager, createKeyManager, type ListApiKeysOptions } from "./index.ts";
import type { ApiKeyInfo } from "./schemas.ts";

const DOMAIN = "acme.kinde.test";
const server = setupServer();
checkRequestsAgainstSpec(server);

let fake: FakeKinde;
let kinde: KindeKeys;
let manager: ApiKeyManager;

function client(overrides: Parameters<typeof createKindeKeys>[0] = {}): KindeKeys {
  // With the default cache: revoking through the manager must clear it.
  return createKindeKeys(
    fake.clientConfig({ cache: {}, retry: { limit: 2, maxDelayMs: 5 }, env: {}, ...overrides }),
  );
}

function useFake(options: Parameters<typeof createFakeKinde>[0] = {}): void {
  fake = createFakeKinde({ domain: DOMAIN, ...options });
  server.resetHandlers(...fake.handlers);
  kinde = client({ cache: false });
  manager = createKeyManager(kinde);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
beforeEach(() => useFake());
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

describe("keys.create", () => {
  it("creates an organization key that verifies with its owner and scopes", async () => {
    const created = await manager.create({
      name: "Acme CI",
      apiId: "api_acme",
      scopeIds: ["read:reports", "write:reports"],
      orgCode: "org_acme",
    });
    expect(Object.keys(created).sort()).toEqual(["id", "key"]);
    expect(fake.getKey(created.id)).toMatchObject({
      name: "Acme CI",
      type: "organization",
      apiId: "api_acme",
      orgCode: "org_acme",
      userId: null,
      scopes: ["read:reports", "write:reports"],
    });
    const result = await kinde.verify(created.key);
    expect(result).toMatchObject({
      valid: true,
      key: {
        keyId: created.id,
        owner: { type: "organization", orgCode: "org_acme" },
        scopes: ["read:reports", "write:reports"],
      },
    });
    expect(fake.calls.create).toBe(1);
  });

  it("creates a user key", async () => {
    const { id, key } = await manager.create({
      name: "Ann",
      apiId: "api_acme",
      userId: "kp_ann",
    });
    expect(fake.getKey(id)).toMatchObject({ type: "user", userId: "kp_ann", scopes: [] });
    expect(await kinde.verify(key)).toMatchObject({
      valid: true,
      key: { owner: { type: "user", userId: "kp_ann" } },
    });
  });

  it("creates an environment key only when asked explicitly", async () => {
    const { id, key } = await manager.create({
      name: "Cron",
      apiId: "api_acme",
      scopeIds: ["read:reports"],
      environment: true,
    });
    expect(fake.getKey(id)).toMatchObject({ type: "environment", orgCode: null, userId: null });
    expect(await kinde.verify(key)).toMatchObject({
      valid: true,
      key: { owner: { type: "environment" }, scopes: ["read:reports"] },
    });
  });

  it("refuses unusable input before any request", async () => {
    const cases = [
      // @ts-expect-error an owner is required
      manager.create({ name: "x", apiId: "api_1" }),
      // @ts-expect-error one owner only
      manager.create({ name: "x", apiId: "api_1", orgCode: "org_1", userId: "kp_1" }),
      manager.create({ name: " ", apiId: "api_1", orgCode: "org_1" }),
      manager.create({ name: "x", apiId: "", userId: "kp_1" }),
      manager.create({ name: "x", apiId: "api_1", orgCode: "org_1", scopeIds: [""] }),
    ];
    for (const pending of cases) {
      expect(await failure(pending)).toMatchObject({ code: "CONFIG_INVALID" });
    }
    expect(fake.calls.total).toBe(0);
  });

  it("does not retry on 503: the key may already exist", async () => {
    fake.inject({ endpoint: "management", type: "status", status: 503, times: 1 });
    const error = await failure(manager.create({ name: "x", apiId: "api_1", orgCode: "org_1" }));
    expect(error).toMatchObject({ name: "KindeKeysError", code: "KINDE_UNAVAILABLE", status: 503 });
    expect(fake.calls.create).toBe(1);
  });

  it("does not retry after a dropped connection", async () => {
    fake.inject({ endpoint: "management", type: "reset", times: 1 });
    const error = await failure(manager.create({ name: "x", apiId: "api_1", userId: "kp_1" }));
    expect(error).toMatchObject({ code: "KINDE_UNAVAILABLE" });
    expect(fake.calls.create).toBe(1);
  });

  it("retries a 429, which Kinde sends without acting", async () => {
    fake.inject({
      endpoint: "management",
      type: "status",
      status: 429,
      headers: { "RateLimit-Reset": "0" },
      times: 1,
    });
    const { key } = await manager.create({ name: "x", apiId: "api_1", orgCode: "org_1" });
    expect(fake.calls.create).toBe(2);
    expect((await kinde.verify(key)).valid).toBe(true);
  });

  it("reports Kinde's 400 with its reason", async () => {
    fake.inject({
      endpoint: "management",
      type: "status",
      status: 400,
      body: { errors: [{ code: "INVALID_API_ID", message: "No API with id api_nope" }] },
      times: 1,
    });
    const error = await failure(manager.create({ name: "x", apiId: "api_nope", userId: "kp_1" }));
    expect(error).toMatchObject({ code: "KINDE_BAD_RESPONSE", status: 400 });
    expect((error as Error).message).toContain("INVALID_API_ID: No API with id api_nope");
  });

  it("maps a missing create:api_keys scope to KINDE_AUTH_FAILED", async () => {
    useFake({ clientScopes: ["read:api_keys"] });
    const error = await failure(manager.create({ name: "x", apiId: "api_1", orgCode: "org_1" }));
    expect(isKindeKeysError(error)).toBe(true);
    expect(error).toMatchObject({ code: "KINDE_AUTH_FAILED", status: 403 });
    expect((error as Error).message).toContain("create:api_keys");
    // Reading still works with the same token.
    expect(await collect(manager.list())).toEqual([]);
  });

  it("refuses an answer without the secret, without echoing the body", async () => {
    fake.inject({
      endpoint: "management",
      type: "body",
      status: 201,
      body: { api_key: { id: "api_key_1", key: 42, note: "k_live_secretsecretsecret" } },
      times: 1,
    });
    const error = await failure(manager.create({ name: "x", apiId: "api_1", orgCode: "org_1" }));
    expect(error).toMatchObject({ code: "KINDE_BAD_RESPONSE" });
    expect(JSON.stringify(error) + String(error)).not.toContain("k_live_secret");
  });
});

describe("keys.list", () => {
  it("follows has_more / starting_after across pages", async () => {
    const secrets: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const { id, key } = fake.addKey({ orgCode: "org_page", name: `key ${i}` });
      ids.push(id);
      secrets.push(key);
    }
    const keys = await collect(manager.list({ pageSize: 10 }));
    expect(keys.map((key) => key.id)).toEqual(ids);
    expect(fake.calls.list).toBe(3);
    const text = JSON.stringify(keys);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("fetches the next page only when the caller asks for it", async () => {
    for (let i = 0; i < 5; i += 1) fake.addKey({ userId: "kp_1" });
    for await (const key of manager.list({ pageSize: 2 })) {
      expect(key.userId).toBe("kp_1");
      break;
    }
    expect(fake.calls.list).toBe(1);
  });

  it("passes the filters to Kinde", async () => {
    const org = fake.addKey({ orgCode: "org_a" }).id;
    const orgRevoked = fake.addKey({ orgCode: "org_a", status: "revoked" }).id;
    fake.addKey({ orgCode: "org_b" });
    const user = fake.addKey({ userId: "kp_1" }).id;
    fake.addKey({ userId: "kp_2" });
    fake.addKey();
    const ids = async (options: ListApiKeysOptions) =>
      (await collect(manager.list(options))).map((key) => key.id);

    expect(await ids({ orgCode: "org_a" })).toEqual([org, orgRevoked]);
    expect(await ids({ orgCode: "org_a", status: "active" })).toEqual([org]);
    expect(await ids({ status: "revoked" })).toEqual([orgRevoked]);
    expect(await ids({ userId: "kp_1" })).toEqual([user]);
    expect(await ids({ keyType: "user", pageSize: 1 })).toHaveLength(2);
    expect(await ids({})).toHaveLength(6);
  });

  it("refuses a page that says has_more but gives no cursor", async () => {
    fake.inject({ endpoint: "management", type: "body", body: { has_more: true, api_keys: [] } });
    const error = await failure(collect(manager.list()));
    expect(error).toMatchObject({ code: "KINDE_BAD_RESPONSE" });
    expect(fake.calls.list).toBe(1);
  });

  it("checks its options before any request", async () => {
    expect(await failure(collect(manager.list({ pageSize: 0 })))).toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect(fake.calls.total).toBe(0);
  });

  it("fetches a fresh token once when Kinde rejects the cached one", async () => {
    fake.addKey({ orgCode: "org_1" });
    expect(await collect(manager.list())).toHaveLength(1);
    // A token younger than a minute is never replaced on a 401: let that minute pass.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    fake.expireTokens();
    expect(await collect(manager.list())).toHaveLength(1);
    expect(fake.calls).toMatchObject({ token: 2, list: 3 });
  });
});

describe("keys.get", () => {
  it("returns the key in camelCase, without its secret", async () => {
    const { id, key } = fake.addKey({
      name: "Reports",
      orgCode: "org_acme",
      scopes: ["read:reports"],
      apiId: "api_acme",
    });
    await kinde.verify(key);
    await kinde.verify(key);
    const info = await manager.get(id);
    expect(info).toEqual<ApiKeyInfo>({
      id,
      name: "Reports",
      type: "organization",
      status: "active",
      keyPrefix: key.slice(0, 6),
      keySuffix: key.slice(-4),
      createdOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      lastVerifiedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      scopes: ["read:reports"],
      verificationCount: 2,
      orgCode: "org_acme",
      userId: null,
      apiIds: ["api_acme"],
      lastVerifiedIp: "192.0.2.10",
      createdBy: "fake-client-id",
    });
    expect(JSON.stringify(info)).not.toContain(key);
  });

  it("tolerates nulls, missing and extra fields, and the get answer's organization_id", async () => {
    fake.inject({
      endpoint: "management",
      type: "body",
      body: {
        api_key: {
          id: "api_key_x",
          name: null,
          status: "suspended",
          organization_id: "org_x",
          last_verified_on: "2024-11-18T13:32:03+11",
          future_field: { nested: true },
        },
      },
      times: 1,
    });
    expect(await manager.get("api_key_x")).toMatchObject({
      id: "api_key_x",
      name: null,
      type: null,
      status: "suspended",
      orgCode: "org_x",
      lastVerifiedOn: "2024-11-18T02:32:03.000Z",
      scopes: [],
      verificationCount: null,
    });
  });

  it("returns undefined for an unknown id", async () => {
    expect(await manager.get("api_key_unknown")).toBeUndefined();
    expect(fake.calls.get).toBe(1);
  });

  it("refuses an id that could change the request's path", async () => {
    for (const id of ["..", "a/b", "", "x?y=1"]) {
      expect(await failure(manager.get(id))).toMatchObject({ code: "CONFIG_INVALID" });
    }
    expect(fake.calls.total).toBe(0);
  });

  it("is retried after a 503, since reading is safe to repeat", async () => {
    const { id } = fake.addKey();
    fake.inject({ endpoint: "management", type: "status", status: 503, times: 1 });
    expect((await manager.get(id))?.id).toBe(id);
    expect(fake.calls.get).toBe(2);
  });

  it("maps a 403 to KINDE_AUTH_FAILED naming read:api_keys", async () => {
    useFake({ clientScopes: [] });
    const error = await failure(manager.get("api_key_1"));
    expect(error).toMatchObject({ code: "KINDE_AUTH_FAILED", status: 403 });
    expect((error as Error).message).toContain("read:api_keys");
  });

  it("rejects with the caller's abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await failure(manager.get("api_key_1", { signal: controller.signal }))).toBe(reason);
  });
});

describe("keys.rotate", () => {
  it("issues a new secret for the same id; the old one stops verifying", async () => {
    const { id, key: old } = fake.addKey({ orgCode: "org_1", scopes: ["read:x"] });
    expect((await kinde.verify(old)).valid).toBe(true);
    const rotated = await manager.rotate(id);
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(old);
    expect(await kinde.verify(old)).toEqual({ valid: false, reason: "invalid" });
    expect(await kinde.verify(rotated.key)).toMatchObject({ valid: true, key: { keyId: id } });
  });

  it("drops the old secret from the client's cache at once (invalidateKeyId)", async () => {
    const cached = client({ cache: { ttlMs: 60_000 } });
    const { id, key: old } = fake.addKey({ orgCode: "org_1" });
    expect((await cached.verify(old)).valid).toBe(true);
    await createKeyManager(cached).rotate(id);
    expect((await cached.verify(old)).valid).toBe(false);
  });

  it("does not retry on 503", async () => {
    const { id } = fake.addKey();
    fake.inject({ endpoint: "management", type: "status", status: 503, times: 1 });
    expect(await failure(manager.rotate(id))).toMatchObject({ code: "KINDE_UNAVAILABLE" });
    expect(fake.calls.rotate).toBe(1);
  });

  it("reports an unknown id as a 404", async () => {
    const error = await failure(manager.rotate("api_key_unknown"));
    expect(error).toMatchObject({ code: "KINDE_BAD_RESPONSE", status: 404 });
    expect((error as Error).message).toContain("no such API key");
  });

  it("maps a missing update:api_keys scope to KINDE_AUTH_FAILED", async () => {
    useFake({ clientScopes: ["read:api_keys"] });
    const error = await failure(manager.rotate("api_key_1"));
    expect(error).toMatchObject({ code: "KINDE_AUTH_FAILED", status: 403 });
    expect((error as Error).message).toContain("update:api_keys");
  });
});

describe("keys.delete", () => {
  it("revokes the key: verify then says revoked", async () => {
    const { id, key } = fake.addKey({ userId: "kp_1" });
    expect((await kinde.verify(key)).valid).toBe(true);
    await expect(manager.delete(id)).resolves.toBeUndefined();
    expect(await kinde.verify(key)).toEqual({ valid: false, reason: "revoked" });
    expect((await manager.get(id))?.status).toBe("revoked");
  });

  it("reports an unknown id as a 404", async () => {
    expect(await failure(manager.delete("api_key_unknown"))).toMatchObject({
      code: "KINDE_BAD_RESPONSE",
      status: 404,
    });
  });

  it("treats a 404 after a retry as the earlier attempt having worked", async () => {
    const { id } = fake.addKey();
    // Kinde deletes the key, then the answer is lost as a 503; the retry finds nothing.
    server.use(
      http.delete(
        `${fake.origin}/api/v1/api_keys/:id`,
        () => {
          fake.removeKey(id);
          return HttpResponse.json({ errors: [{ code: "UNAVAILABLE" }] }, { status: 503 });
        },
        { once: true },
      ),
    );
    await expect(manager.delete(id)).resolves.toBeUndefined();
    expect(fake.calls.delete).toBe(1);
  });

  it("maps a missing delete:api_keys scope to KINDE_AUTH_FAILED", async () => {
    useFake({ clientScopes: ["read:api_keys"] });
    const error = await failure(manager.delete("api_key_1"));
    expect(error).toMatchObject({ code: "KINDE_AUTH_FAILED", status: 403 });
    expect((error as Error).message).toContain("delete:api_keys");
  });
});
