// @vitest-environment edge-runtime
/**
 * Core on an edge runtime (the globals of Vercel Edge / Workers via @edge-runtime/vm, `#hash` →
 * Web Crypto): verify and authorize against the fake Kinde over MSW.
 */

import { describe, expect, it } from "vitest";
import { sha256 } from "#hash";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import { authorize } from "../request/authorize.ts";

const { fake, createKinde } = setupFakeKinde();

describe("on an edge runtime", () => {
  it("runs with edge globals and the Web Crypto hash", async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
    // hash.web answers asynchronously (Web Crypto), with the same digest node:crypto gives.
    const hash = sha256("k_live_abc");
    expect(hash).toBeInstanceOf(Promise);
    expect(await hash).toBe("mdE0lULIELD4X1MULLLeUSMWqxf_8u-YKqjevwCuT6c");
  });

  it("verifies a key, caches it and coalesces concurrent calls", async () => {
    const { id, key } = fake.addKey({ orgCode: "org_edge", scopes: ["read"] });
    const kinde = createKinde();
    const results = await Promise.all(Array.from({ length: 10 }, () => kinde.verify(key)));
    for (const result of results) expect(result).toMatchObject({ valid: true, key: { keyId: id } });
    await kinde.verify(key);
    expect(fake.calls).toMatchObject({ token: 1, verify: 1 });
  });

  it("answers the §3 table", async () => {
    const { key } = fake.addKey({ orgCode: "org_edge", scopes: ["read"] });
    const kinde = createKinde();
    const statusOf = async (headers: Headers, options = {}) => {
      const result = await authorize(kinde, { headers }, options);
      return result.ok ? 200 : `${result.status} ${result.body.code}`;
    };
    expect(await statusOf(bearer(key), { scopes: ["read"], orgCode: "org_edge" })).toBe(200);
    expect(await statusOf(new Headers())).toBe("401 MISSING_KEY");
    expect(await statusOf(new Headers({ authorization: "Basic abc" }))).toBe("400 INVALID_REQUEST");
    expect(await statusOf(bearer("k_live_unknown_0000000000"))).toBe("401 INVALID_KEY");
    expect(await statusOf(bearer(key), { scopes: ["write"] })).toBe("403 INSUFFICIENT_SCOPE");
    expect(await statusOf(bearer(key), { orgCode: "org_other" })).toBe("403 ORG_MISMATCH");
    fake.inject({ endpoint: "verify", type: "status", status: 503 });
    expect(await statusOf(bearer("k_live_another_000000000"))).toBe("503 VERIFICATION_UNAVAILABLE");
  });

  it("times out a hanging Kinde", async () => {
    fake.inject({ endpoint: "verify", type: "hang" });
    const kinde = createKinde({ timeoutMs: 50 });
    await expect(kinde.verify("k_live_hang_0000000000000")).rejects.toMatchObject({
      code: "KINDE_UNAVAILABLE",
    });
  });
});
