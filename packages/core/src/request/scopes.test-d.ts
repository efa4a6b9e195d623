/**
 * Type-level contract: an app that declares its scope union cannot name other scopes, and results
 * narrow on their discriminants.
 */

import { describe, expectTypeOf, it } from "vitest";
import { createKindeKeys } from "../client.ts";
import { isKindeKeysError, KindeKeysError, type KindeKeysErrorCode } from "../errors.ts";
import type { InvalidKeyReason, KeyOwner, VerifiedApiKey, VerifyResult } from "../types.ts";
import type { AuthorizeDenial } from "./answers.ts";
import type { AuthorizeResult } from "./authorize.ts";
import { authorize, createAuthorizer } from "./authorize.ts";
import { extractApiKey } from "./extract.ts";
import { checkScopes } from "./scopes.ts";

type Scope = "read:ai_chats" | "write:ai_chat";
const kinde = createKindeKeys<Scope>();
const input = { headers: new Headers() };

describe("declared scopes", () => {
  it("authorize accepts declared scopes and refuses others", () => {
    authorize(kinde, input, { scopes: ["read:ai_chats", "write:ai_chat"] });
    // @ts-expect-error "c" is not one of the app's scopes
    authorize(kinde, input, { scopes: ["c"] });
    // @ts-expect-error a typo in a declared scope
    authorize(kinde, input, { scopes: ["read:ai_chat"] });
  });

  it("authorizer accepts declared scopes and refuses others", () => {
    createAuthorizer(kinde, { scopes: ["write:ai_chat"], scopeMode: "any" });
    // @ts-expect-error "c" is not one of the app's scopes
    createAuthorizer(kinde, { scopes: ["c"] });
    // @ts-expect-error scopeMode is "all" or "any"
    createAuthorizer(kinde, { scopes: ["write:ai_chat"], scopeMode: "some" });
  });

  it("an app without a scope union accepts any string", () => {
    const open = createKindeKeys();
    authorize(open, input, { scopes: ["anything:at_all"] });
    expectTypeOf(createAuthorizer<unknown, string>)
      .parameter(1)
      .exclude<undefined>()
      .toHaveProperty("scopes");
  });

  it("checkScopes infers and enforces an explicit union", () => {
    const key = { scopes: ["read:ai_chats"] as const };
    checkScopes<Scope>(key, ["read:ai_chats"]);
    // @ts-expect-error not in the union
    checkScopes<Scope>(key, ["admin"]);
  });

  it("the orgCode function receives the declared context type", () => {
    createAuthorizer<{ params: { org: string } }>(kinde, {
      orgCode: (req) => {
        expectTypeOf(req).toEqualTypeOf<{ params: { org: string } }>();
        return req.params.org;
      },
    });
    // @ts-expect-error the context has no `query`
    createAuthorizer<{ params: { org: string } }>(kinde, { orgCode: (req) => req.query.org });
  });
});

describe("narrowing", () => {
  it("VerifyResult narrows on valid", async () => {
    const result = await kinde.verify("k_live_x");
    expectTypeOf(result).toEqualTypeOf<VerifyResult>();
    if (result.valid) {
      expectTypeOf(result.key).toEqualTypeOf<VerifiedApiKey>();
      // @ts-expect-error no reason on a valid result
      void result.reason;
    } else {
      expectTypeOf(result.reason).toEqualTypeOf<InvalidKeyReason>();
      expectTypeOf(result.reason).toEqualTypeOf<
        "missing" | "malformed" | "invalid" | "inactive" | "revoked"
      >();
      // @ts-expect-error no key on an invalid result
      void result.key;
    }
  });

  it("KeyOwner narrows on type", () => {
    const owner = {} as KeyOwner;
    if (owner.type === "organization") expectTypeOf(owner.orgCode).toEqualTypeOf<string>();
    else if (owner.type === "user") expectTypeOf(owner.userId).toEqualTypeOf<string>();
    else expectTypeOf(owner).toEqualTypeOf<{ readonly type: "environment" }>();
  });

  it("AuthorizeResult narrows on ok", async () => {
    const result = await authorize(kinde, input);
    expectTypeOf(result).toEqualTypeOf<AuthorizeResult>();
    if (result.ok) {
      expectTypeOf(result.key).toEqualTypeOf<VerifiedApiKey>();
    } else {
      expectTypeOf(result).toEqualTypeOf<AuthorizeDenial>();
      expectTypeOf(result.status).toEqualTypeOf<400 | 401 | 403 | 429 | 503>();
    }
  });

  it("extractApiKey narrows on ok", () => {
    const extracted = extractApiKey({ authorization: "Bearer k" });
    if (extracted.ok) expectTypeOf(extracted.apiKey).toEqualTypeOf<string>();
    else expectTypeOf(extracted.reason).toEqualTypeOf<"missing" | "malformed">();
  });

  it("isKindeKeysError narrows unknown to the error class", () => {
    const error: unknown = new Error("x");
    if (isKindeKeysError(error)) {
      expectTypeOf(error).toEqualTypeOf<KindeKeysError>();
      expectTypeOf(error.code).toEqualTypeOf<KindeKeysErrorCode>();
    }
    // @ts-expect-error codes are a closed union
    new KindeKeysError("SOMETHING_ELSE", "x");
  });
});
