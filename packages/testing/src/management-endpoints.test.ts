import { beforeEach, describe, expect, it } from "vitest";
import type { FakeKinde } from "./fake-kinde.ts";
import { createFakeKinde } from "./fake-kinde.ts";
import { callApi, getToken, verify } from "./test-helpers.ts";

type ListBody = { code: string; message: string; has_more: boolean; api_keys: { id: string }[] };

describe("management endpoints", () => {
  let fake: FakeKinde;
  let token: string;

  beforeEach(async () => {
    fake = createFakeKinde();
    token = await getToken(fake);
  });

  async function list(query = ""): Promise<ListBody> {
    const { status, body } = await callApi(fake, "GET", `/api/v1/api_keys${query}`, token);
    expect(status).toBe(200);
    return body as unknown as ListBody;
  }

  describe("GET /api/v1/api_keys", () => {
    it("pages through keys in creation order with page_size and starting_after", async () => {
      const ids = Array.from({ length: 5 }, (_, i) => fake.addKey({ name: `k${i}` }).id);
      const first = await list("?page_size=2");
      expect(first).toMatchObject({ code: "OK", message: "Success", has_more: true });
      expect(first.api_keys.map((k) => k.id)).toEqual(ids.slice(0, 2));
      const second = await list(`?page_size=2&starting_after=${ids[1]}`);
      expect(second.has_more).toBe(true);
      expect(second.api_keys.map((k) => k.id)).toEqual(ids.slice(2, 4));
      const third = await list(`?page_size=2&starting_after=${ids[3]}`);
      expect(third.has_more).toBe(false);
      expect(third.api_keys.map((k) => k.id)).toEqual(ids.slice(4));
    });

    it("pages 50 keys at a time by default and at most 500 when asked for more", async () => {
      for (let i = 0; i < 520; i++) fake.addKey();
      expect((await list()).api_keys).toHaveLength(50);
      const big = await list("?page_size=1000");
      expect(big.api_keys).toHaveLength(500);
      expect(big.has_more).toBe(true);
    });

    it("filters by key_type, status, user_id and org_code, paging within the filter", async () => {
      const orgA1 = fake.addKey({ orgCode: "org_a" }).id;
      fake.addKey({ orgCode: "org_b" });
      const user = fake.addKey({ userId: "kp_1" }).id;
      const orgA2 = fake.addKey({ orgCode: "org_a", status: "revoked" }).id;
      const orgA3 = fake.addKey({ orgCode: "org_a" }).id;
      fake.addKey();

      const ids = async (query: string) => (await list(query)).api_keys.map((k) => k.id);
      expect(await ids("?key_type=user")).toEqual([user]);
      expect(await ids("?user_id=kp_1")).toEqual([user]);
      expect(await ids("?org_code=org_a")).toEqual([orgA1, orgA2, orgA3]);
      expect(await ids("?org_code=org_a&status=active")).toEqual([orgA1, orgA3]);
      // The spec's `key_type` enum is organization | user only.
      const environment = await callApi(
        fake,
        "GET",
        "/api/v1/api_keys?key_type=environment",
        token,
      );
      expect(environment.status).toBe(400);

      const page = await list("?org_code=org_a&page_size=1");
      expect(page.has_more).toBe(true);
      const next = await list(`?org_code=org_a&page_size=1&starting_after=${orgA1}`);
      expect(next.api_keys.map((k) => k.id)).toEqual([orgA2]);
    });

    it("shows a key's details but never its secret", async () => {
      const { id, key } = fake.addKey({
        key: "k_live_0123456789abcdef",
        name: "CI",
        orgCode: "org_a",
        scopes: ["read:x"],
        apiId: "api_1",
      });
      await verify(fake, token, key);
      const [item] = (await list()).api_keys;
      expect(item).toEqual({
        id,
        name: "CI",
        type: "organization",
        status: "active",
        key_prefix: "k_live",
        key_suffix: "cdef",
        created_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        last_verified_on: expect.stringMatching(/\+11$/),
        last_verified_ip: "192.0.2.10",
        created_by: "fake-client-id",
        api_ids: ["api_1"],
        scopes: ["read:x"],
        verification_count: 1,
        organization_id: "org_a",
        org_code: "org_a",
        user_id: null,
      });
      expect(JSON.stringify(item)).not.toContain(key);
    });

    it.each([
      ["page_size=0"],
      ["page_size=two"],
      ["key_type=robot"],
      ["status=expired"],
      ["starting_after=api_key_missing"],
    ])("refuses ?%s with 400", async (query) => {
      const { status, body } = await callApi(fake, "GET", `/api/v1/api_keys?${query}`, token);
      expect(status).toBe(400);
      expect(body).toEqual({ errors: [{ code: "INVALID_REQUEST", message: expect.any(String) }] });
    });
  });

  describe("POST /api/v1/api_keys", () => {
    it("creates an active key that verifies, with scope_ids as its scopes", async () => {
      const { status, body } = await callApi(fake, "POST", "/api/v1/api_keys", token, {
        name: "Reports",
        type: "organization",
        api_id: "api_1",
        org_code: "org_a",
        scope_ids: ["read:reports"],
      });
      expect(status).toBe(201);
      expect(body).toEqual({
        code: "API_KEY_CREATED",
        message: "API key created",
        api_key: {
          id: expect.stringMatching(/^api_key_[0-9a-f]{32}$/),
          key: expect.stringMatching(/^k_live_[0-9a-f]{32}$/),
        },
      });
      const created = body.api_key as { id: string; key: string };
      expect((await verify(fake, token, created.key)).body).toMatchObject({
        is_valid: true,
        key_id: created.id,
        org_code: "org_a",
        scopes: ["read:reports"],
      });
      expect(fake.getKey(created.id)).toMatchObject({ name: "Reports", apiId: "api_1" });
    });

    it("creates a user key and an environment key", async () => {
      const user = await callApi(fake, "POST", "/api/v1/api_keys", token, {
        name: "u",
        type: "user",
        api_id: "api_1",
        user_id: "kp_9",
      });
      expect(user.status).toBe(201);
      const env = await callApi(fake, "POST", "/api/v1/api_keys", token, {
        name: "e",
        type: "environment",
        api_id: "api_1",
        scope_ids: null,
      });
      expect(env.status).toBe(201);
      const envId = (env.body.api_key as { id: string }).id;
      expect(fake.getKey(envId)).toMatchObject({ type: "environment", scopes: [] });
    });

    const valid = { name: "k", type: "environment", api_id: "api_1" };
    it.each([
      ["without name", { ...valid, name: undefined }],
      ["with an empty name", { ...valid, name: " " }],
      ["without type", { ...valid, type: undefined }],
      ["with an unknown type", { ...valid, type: "robot" }],
      ["without api_id", { ...valid, api_id: undefined }],
      ["for an organization without org_code", { ...valid, type: "organization" }],
      ["for a user without user_id", { ...valid, type: "user" }],
      ["with scope_ids that are not strings", { ...valid, scope_ids: [1] }],
      ["with a numeric user_id", { ...valid, type: "user", user_id: 7 }],
    ])("refuses a key %s with 400", async (_label, body) => {
      const answer = await callApi(fake, "POST", "/api/v1/api_keys", token, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        errors: [{ code: "INVALID_REQUEST", message: expect.any(String) }],
      });
      expect((await list()).api_keys).toHaveLength(0);
    });
  });

  describe("/api/v1/api_keys/{key_id}", () => {
    it("gets one key", async () => {
      const { id } = fake.addKey({ userId: "kp_1", name: "mine" });
      const { status, body } = await callApi(fake, "GET", `/api/v1/api_keys/${id}`, token);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        code: "OK",
        api_key: { id, name: "mine", type: "user", user_id: "kp_1", last_verified_on: null },
      });
    });

    it("rotates a key: same id, new secret, old secret unknown", async () => {
      const { id, key } = fake.addKey();
      const { status, body } = await callApi(fake, "PUT", `/api/v1/api_keys/${id}`, token);
      expect(status).toBe(201);
      expect(body).toMatchObject({ code: "API_KEY_ROTATED", message: "API key rotated" });
      const rotated = body.api_key as { id: string; key: string };
      expect(rotated.id).toBe(id);
      expect((await verify(fake, token, key)).body).not.toHaveProperty("key_id");
      expect((await verify(fake, token, rotated.key)).body.is_valid).toBe(true);
      expect(fake.getKey(id)?.keySuffix).toBe(rotated.key.slice(-4));
    });

    it("deletes a key: verify then answers revoked, and the record stays", async () => {
      const { id, key } = fake.addKey();
      expect(await callApi(fake, "DELETE", `/api/v1/api_keys/${id}`, token)).toEqual({
        status: 200,
        body: { code: "OK", message: "API key deleted" },
      });
      expect((await verify(fake, token, key)).body).toMatchObject({
        is_valid: false,
        status: "revoked",
        key_id: id,
      });
      expect(fake.getKey(id)?.status).toBe("revoked");
    });

    it.each(["GET", "PUT", "DELETE"])("answers %s of an unknown id with 404", async (method) => {
      expect(await callApi(fake, method, "/api/v1/api_keys/api_key_nope", token)).toEqual({
        status: 404,
        body: { errors: [{ code: "API_KEY_NOT_FOUND", message: "API key not found" }] },
      });
    });
  });
});

describe("GET /api/v1/apis/{api_id}/scopes", () => {
  type ScopesBody = { code: string; scopes: { id: string; key: string; description: string }[] };

  it("lists an API's scopes with ids, and create takes those ids (or names) as scope_ids", async () => {
    const fake = createFakeKinde({ apis: { api_reports: ["read:reports", "write:reports"] } });
    const token = await getToken(fake);
    const { status, body } = await callApi(fake, "GET", "/api/v1/apis/api_reports/scopes", token);
    expect(status).toBe(200);
    const { scopes } = body as unknown as ScopesBody;
    expect(scopes.map((s) => s.key)).toEqual(["read:reports", "write:reports"]);
    expect(scopes[0]?.id).toMatch(/^api_scope_[0-9a-f]{32}$/);

    const created = await callApi(fake, "POST", "/api/v1/api_keys", token, {
      name: "ci",
      type: "environment",
      api_id: "api_reports",
      scope_ids: [scopes[1]?.id, "read:reports"],
    });
    const { api_key } = created.body as unknown as { api_key: { id: string } };
    expect(fake.getKey(api_key.id)?.scopes).toEqual(["write:reports", "read:reports"]);
  });

  it("knows the scopes of added keys, 400s an unknown API, and needs read:api_scopes", async () => {
    const fake = createFakeKinde({ keys: [{ apiId: "api_x", scopes: ["read:x"] }] });
    const token = await getToken(fake);
    const known = await callApi(fake, "GET", "/api/v1/apis/api_x/scopes", token);
    expect((known.body as unknown as ScopesBody).scopes.map((s) => s.key)).toEqual(["read:x"]);
    expect((await callApi(fake, "GET", "/api/v1/apis/api_none/scopes", token)).status).toBe(400);

    const narrow = createFakeKinde({ clientScopes: ["read:api_keys"] });
    const narrowToken = await getToken(narrow);
    const denied = await callApi(narrow, "GET", "/api/v1/apis/api_fake/scopes", narrowToken);
    expect(denied.status).toBe(403);
    expect(narrow.calls.scopes).toBe(1);
  });
});
