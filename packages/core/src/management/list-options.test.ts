/**
 * `keys.list` options as Kinde's spec allows them: `key_type` only organization | user, and
 * `page_size` no more than the 500 Kinde's rate-limit docs allow; list and get keep the key's last
 * verifying IP and its creator.
 */
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createKeyManager, type ListApiKeysOptions } from "./index.ts";

const { fake, server, createKinde } = setupFakeKinde();
const sent = checkRequestsAgainstSpec(server);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("keys.list options", () => {
  it("refuses a keyType other than organization or user before any request", async () => {
    const keys = createKeyManager(createKinde());
    for (const keyType of ["environment", "org", ""]) {
      const options = { keyType } as unknown as ListApiKeysOptions;
      await expect(collect(keys.list(options))).rejects.toMatchObject({
        code: "CONFIG_INVALID",
        message: expect.stringContaining("organization"),
      });
    }
    expect(fake.calls.total).toBe(0);
  });

  it("sends at most page_size=500, the largest page Kinde allows", async () => {
    for (let i = 0; i < 3; i++) fake.addKey({ userId: "kp_page" });
    const keys = createKeyManager(createKinde());
    const listed = await collect(keys.list({ userId: "kp_page", pageSize: 10_000 }));
    expect(listed).toHaveLength(3);
    const lists = sent.seen.filter((request) => request.path === "/api/v1/api_keys");
    expect(lists.map((request) => request.query.page_size)).toEqual(["500"]);
  });

  it("keeps last_verified_ip and created_by in list and get", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_ip" });
    const kinde = createKinde({ cache: false });
    await kinde.verify(key);
    const keys = createKeyManager(kinde);
    const [listed] = await collect(keys.list({ orgCode: "org_ip" }));
    expect(listed).toMatchObject({ id, lastVerifiedIp: "192.0.2.10", createdBy: "fake-client-id" });
    expect(await keys.get(id)).toMatchObject({ lastVerifiedIp: "192.0.2.10" });
  });
});
