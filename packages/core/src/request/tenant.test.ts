/**
 * The tenant boundary never opens on a resolver's slip: an `orgCode` function answering nothing
 * (`undefined`, `null`, `""`), or rejecting, refuses; an async one is awaited; a present but empty
 * `orgCode` on `authorize`'s input or `checkOwner`'s options refuses. Only an absent one skips.
 */
import { describe, expect, it } from "vitest";
import { bearer, setupFakeKinde } from "../../test/helpers.ts";
import type { AuthorizeResult } from "./authorize.ts";
import { authorize, createAuthorizer } from "./authorize.ts";
import { checkOwner } from "./owner.ts";

const { fake, createKinde } = setupFakeKinde();

function codeOf(result: AuthorizeResult): string {
  return result.ok ? "PASS" : result.body.code;
}

describe("an orgCode function", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
  ])("answering %s refuses with 403 ORG_MISMATCH", async (_, answer) => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      { orgCode: () => answer },
    );
    expect(result).toMatchObject({ ok: false, status: 403, body: { code: "ORG_MISMATCH" } });
  });

  it("may be async: its answer is awaited", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const kinde = createKinde();
    const own = await authorize(
      kinde,
      { headers: bearer(key) },
      { orgCode: async () => "org_acme" },
    );
    expect(codeOf(own)).toBe("PASS");
    const other = await authorize(
      kinde,
      { headers: bearer(key) },
      { orgCode: async () => "org_other" },
    );
    expect(codeOf(other)).toBe("ORG_MISMATCH");
    const nothing = await authorize(
      kinde,
      { headers: bearer(key) },
      { orgCode: async () => undefined },
    );
    expect(codeOf(nothing)).toBe("ORG_MISMATCH");
  });

  it("that rejects refuses with 403, and the rejection is handled", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const errors: unknown[] = [];
    const result = await authorize(
      createKinde(),
      { headers: bearer(key) },
      {
        orgCode: async () => {
          throw new Error("no such route parameter");
        },
        onError: (_denial, error) => void errors.push(error),
      },
    );
    expect(result).toMatchObject({ ok: false, status: 403, body: { code: "ORG_MISMATCH" } });
    expect(errors).toEqual([new Error("no such route parameter")]);
  });
});

describe("orgCode on authorize's input", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
  ])("present as %s refuses, even over a matching option", async (_, orgCode) => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const run = createAuthorizer(createKinde(), { orgCode: "org_acme" });
    expect(codeOf(await run({ headers: bearer(key), orgCode }))).toBe("ORG_MISMATCH");
    const unset = createAuthorizer(createKinde());
    expect(codeOf(await unset({ headers: bearer(key), orgCode }))).toBe("ORG_MISMATCH");
  });

  it("absent skips the check (no orgCode option either)", async () => {
    const { key } = fake.addKey({ orgCode: "org_acme" });
    expect(codeOf(await authorize(createKinde(), { headers: bearer(key) }))).toBe("PASS");
  });
});

describe("checkOwner", () => {
  const key = { owner: { type: "organization", orgCode: "org_a" }, orgCode: "org_a" } as const;

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
  ])("refuses a present orgCode of %s", (_, orgCode) => {
    expect(checkOwner(key, { orgCode })).toEqual({ ok: false, code: "ORG_MISMATCH" });
  });

  it("skips the organization check only when orgCode is absent", () => {
    expect(checkOwner(key, {})).toEqual({ ok: true });
    expect(checkOwner(key, { owner: "organization" })).toEqual({ ok: true });
    expect(checkOwner(key)).toEqual({ ok: true });
    expect(checkOwner(key, { orgCode: "org_a" })).toEqual({ ok: true });
  });
});
