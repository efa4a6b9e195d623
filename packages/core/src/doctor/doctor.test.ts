/**
 * `checkKindeSetup(kinde)` against the fake Kinde: a healthy setup, and each thing that commonly
 * goes wrong (wrong secret, missing scope, route not found, unreachable, custom domain).
 */

import { createFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";
import { setupFakeKinde } from "../../test/helpers.ts";
import { checkRequestsAgainstSpec } from "../../test/openapi-requests.ts";
import { createKindeKeys } from "../client.ts";
import { checkKindeSetup, type SetupReport } from "../management/index.ts";

// A *.kinde.com domain, as a real setup has; MSW serves it.
const { fake, server, createKinde } = setupFakeKinde({ domain: "acme.kinde.com" });
checkRequestsAgainstSpec(server);

function byName(
  report: SetupReport,
): Record<string, { ok: boolean; detail: string; hint?: string }> {
  return Object.fromEntries(report.checks.map(({ name, ...rest }) => [name, rest]));
}

describe("checkKindeSetup", () => {
  it("passes a healthy setup, management scopes and an API's scopes included", async () => {
    fake.addKey({ apiId: "api_reports", scopes: ["read:reports"] });
    const report = await checkKindeSetup(createKinde(), { management: true, apiId: "api_reports" });
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      "domain",
      "reachable",
      "token",
      "verify",
      "management scopes",
      "api scopes",
    ]);
    expect(byName(report)["api scopes"]?.detail).toContain("read:reports");
    expect(fake.calls).toMatchObject({ token: 1, verify: 1, scopes: 1, create: 0, delete: 0 });
  });

  it("names the credentials when the secret is wrong, and never shows it", async () => {
    const report = await checkKindeSetup(createKinde({ clientSecret: "wrong-secret-value" }));
    expect(report.ok).toBe(false);
    const checks = byName(report);
    expect(checks.reachable?.ok).toBe(true);
    expect(checks.token).toMatchObject({
      ok: false,
      hint: expect.stringContaining("KINDE_MANAGEMENT_CLIENT_SECRET"),
    });
    expect(checks.verify).toMatchObject({
      ok: false,
      detail: expect.stringContaining("not checked"),
    });
    expect(JSON.stringify(report)).not.toContain("wrong-secret-value");
    expect(JSON.stringify(report)).not.toContain(fake.clientSecret);
  });

  it("says which scope is missing: read:api_keys for verify, the rest for management", async () => {
    const narrow = createFakeKinde({
      domain: "narrow.kinde.com",
      clientScopes: ["create:api_keys"],
    });
    server.use(...narrow.handlers);
    const kinde = createKindeKeys(narrow.clientConfig({ env: {} }));
    const checks = byName(await checkKindeSetup(kinde, { management: true }));
    expect(checks.verify).toMatchObject({
      ok: false,
      detail: expect.stringContaining("read:api_keys"),
    });
    expect(checks["management scopes"]).toMatchObject({
      ok: false,
      detail: "missing: read:api_keys, update:api_keys, delete:api_keys, read:api_scopes",
    });
  });

  it("reads a 404 that does not name the key as a wrong domain or API keys not enabled", async () => {
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 404,
      body: {
        errors: { code: "ROUTE_NOT_FOUND", message: "The requested API route does not exist" },
      },
    });
    const checks = byName(await checkKindeSetup(createKinde()));
    expect(checks.verify).toMatchObject({
      ok: false,
      detail: "route not found at https://acme.kinde.com (404)",
      hint: expect.stringContaining("API keys not enabled"),
    });
  });

  it("takes a 4xx that names the API key as a verdict: the setup works", async () => {
    fake.inject({
      endpoint: "verify",
      type: "status",
      status: 404,
      body: { errors: [{ code: "API_KEY_NOT_FOUND", message: "API key not found" }] },
    });
    expect((await checkKindeSetup(createKinde())).ok).toBe(true);
  });

  it("reports an unreachable Kinde and checks nothing after it", async () => {
    fake.inject({ endpoint: "token", type: "reset" });
    const report = await checkKindeSetup(createKinde({ retry: { limit: 0 } }));
    const checks = byName(report);
    expect(checks.reachable).toMatchObject({ ok: false, hint: expect.stringContaining("domain") });
    expect(checks.token?.ok).toBe(false);
    expect(checks.verify?.ok).toBe(false);
    expect(fake.calls.verify).toBe(0);
  });

  it("flags a domain that is not *.kinde.com", async () => {
    const custom = createFakeKinde({ domain: "auth.acme.com" });
    server.use(...custom.handlers);
    const report = await checkKindeSetup(createKindeKeys(custom.clientConfig({ env: {} })));
    expect(byName(report).domain).toMatchObject({
      ok: false,
      hint: expect.stringContaining("kinde.com"),
    });
    expect(report.ok).toBe(false);
  });

  it("refuses anything not made by createKindeKeys", async () => {
    await expect(checkKindeSetup({ ...createKinde() })).rejects.toThrow(TypeError);
  });
});
