import type { KindeKeys, VerifiedApiKey } from "@acme/kinde-keys-core";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describe, expectTypeOf, it } from "vitest";
import { getKindeApiKey, type KindeApiKeyOptions, kindeApiKey, requireScopes } from "./index.ts";

type Scope = "read:reports" | "write:reports";
declare const client: KindeKeys<Scope>;

describe("types", () => {
  it('types c.get("kindeApiKey") without a cast', () => {
    new Hono().get("/", kindeApiKey(), (c) => {
      expectTypeOf(c.get("kindeApiKey")).toEqualTypeOf<VerifiedApiKey>();
      expectTypeOf(c.var.kindeApiKey).toEqualTypeOf<VerifiedApiKey>();
      expectTypeOf(getKindeApiKey(c)).toEqualTypeOf<VerifiedApiKey | undefined>();
      return c.json(c.get("kindeApiKey").owner);
    });
  });

  it("infers the scope union from the client", () => {
    kindeApiKey({ client, scopes: ["read:reports"] });
    // @ts-expect-error: not one of the client's scopes
    kindeApiKey({ client, scopes: ["delete:everything"] });
  });

  it("takes the scope union as a type argument when built from config", () => {
    kindeApiKey<Scope>({ scopes: ["write:reports"] });
    // @ts-expect-error: not one of the declared scopes
    kindeApiKey<Scope>({ scopes: ["read:report"] });
  });

  it("reads the organization from the context", () => {
    expectTypeOf<KindeApiKeyOptions["orgCode"]>().toEqualTypeOf<
      | string
      | ((c: Context) => string | null | undefined | Promise<string | null | undefined>)
      | undefined
    >();
    kindeApiKey({ orgCode: (c) => c.req.param("org") });
    expectTypeOf(requireScopes("read:reports")).toEqualTypeOf<MiddlewareHandler>();
  });
});
