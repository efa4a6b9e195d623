/**
 * The route option `apiId`: a key of another API of the same Kinde business is refused with 403
 * `WRONG_API`; the key's `api_ids` are read once per key id and kept as long as its verification.
 */
import { describe, expect, it } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createAuthorizer } from "./authorize.ts";

const { fake, server, createKinde } = setupFakeKinde();
checkRequestsAgainstSpec(server);

describe("route option apiId", () => {
  it("refuses a key minted for another API with 403 WRONG_API", async () => {
    const ours = fake.addKey({ apiId: "api_reports", orgCode: "org_1" });
    const theirs = fake.addKey({ apiId: "api_billing", orgCode: "org_1" });
    const authorize = createAuthorizer(createKinde(), { apiId: "api_reports" });

    expect(await authorize({ headers: bearer(ours.key) })).toMatchObject({ ok: true });
    const refused = await authorize({ headers: bearer(theirs.key) });
    expect(refused).toMatchObject({
      ok: false,
      status: 403,
      body: { code: "WRONG_API", error: "API key was not issued for this API" },
    });
    expect(refused.ok === false && refused.headers["www-authenticate"]).toBeUndefined();
  });

  it("reads a key's api_ids once, and again only after its verification expired", async () => {
    const { key } = fake.addKey({ apiId: "api_reports" });
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    const first = createAuthorizer(kinde, { apiId: "api_reports" });
    const second = createAuthorizer(kinde, { apiId: "api_reports" });
    await Promise.all([first({ headers: bearer(key) }), first({ headers: bearer(key) })]);
    await second({ headers: bearer(key) });
    expect(fake.calls).toMatchObject({ verify: 1, get: 1 });

    const uncached = createAuthorizer(createKinde({ cache: false }), { apiId: "api_reports" });
    await uncached({ headers: bearer(key) });
    await uncached({ headers: bearer(key) });
    expect(fake.calls).toMatchObject({ verify: 3, get: 3 });
  });

  it("one caller going away does not fail the read the others share", async () => {
    const { key } = fake.addKey({ apiId: "api_reports" });
    const kinde = createKinde({ cache: { ttlMs: 60_000 } });
    await kinde.verify(key);
    fake.inject({ endpoint: "management", type: "delay", ms: 100, times: 1 });
    const authorize = createAuthorizer(kinde, { apiId: "api_reports" });
    const leaving = new AbortController();
    const first = authorize({ headers: bearer(key), signal: leaving.signal });
    const second = authorize({ headers: bearer(key) });
    setTimeout(() => leaving.abort(new Error("client went away")), 20);
    expect(await first).toMatchObject({ ok: false, status: 503 });
    expect(await second).toMatchObject({ ok: true });
    expect(fake.calls.get).toBe(1);
  });

  it("answers 503 when Kinde fails the read, and reads again next time", async () => {
    const { key } = fake.addKey({ apiId: "api_reports" });
    const authorize = createAuthorizer(createKinde({ retry: { limit: 0 } }), {
      apiId: "api_reports",
    });
    fake.inject({ endpoint: "management", type: "status", status: 500, times: 1 });
    expect(await authorize({ headers: bearer(key) })).toMatchObject({
      status: 503,
      body: { code: "VERIFICATION_UNAVAILABLE" },
    });
    expect(await authorize({ headers: bearer(key) })).toMatchObject({ ok: true });
  });

  it("answers 503, never a pass, when Kinde has no record of a verified key", async () => {
    const { id, key } = fake.addKey({ apiId: "api_reports" });
    const kinde = createKinde();
    await kinde.verify(key);
    fake.removeKey(id);
    const authorize = createAuthorizer(kinde, { apiId: "api_reports" });
    expect(await authorize({ headers: bearer(key) })).toMatchObject({ status: 503 });
  });

  it("costs nothing on routes without it, and refuses an unusable apiId at construction", async () => {
    const { key } = fake.addKey({ apiId: "api_other" });
    expect(await createAuthorizer(createKinde())({ headers: bearer(key) })).toMatchObject({
      ok: true,
    });
    expect(fake.calls.get).toBe(0);
    for (const apiId of ["", "  ", 42]) {
      expect(() => createAuthorizer(createKinde(), { apiId: apiId as string })).toThrow(TypeError);
    }
  });
});
