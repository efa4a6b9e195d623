import type { KindeKeys, VerifiedApiKey } from "@acme/kinde-keys-core";
import Router from "@koa/router";
import Koa, { type Middleware, type ParameterizedContext } from "koa";
import { describe, expectTypeOf, it } from "vitest";
import { type KindeApiKeyOptions, kindeApiKey, requireScopes } from "./index.ts";

type Scope = "read:reports" | "write:reports";
declare const client: KindeKeys<Scope>;

describe("types", () => {
  it("types ctx.state.kindeApiKey without a cast", () => {
    const app = new Koa();
    app.use(kindeApiKey());
    app.use((ctx) => {
      expectTypeOf(ctx.state.kindeApiKey).toEqualTypeOf<VerifiedApiKey | undefined>();
    });
    new Router().get("/", kindeApiKey(), (ctx) => {
      expectTypeOf(ctx.state.kindeApiKey).toEqualTypeOf<VerifiedApiKey | undefined>();
    });
  });

  it("infers the scope union from the client", () => {
    kindeApiKey({ client, scopes: ["read:reports"] });
    // @ts-expect-error: not one of the client's scopes
    kindeApiKey({ client, scopes: ["delete:everything"] });
  });

  it("takes the scope union as a type argument when built from config", () => {
    kindeApiKey<Scope>({ domain: "acme.kinde.com", scopes: ["write:reports"] });
    // @ts-expect-error: not one of the declared scopes
    kindeApiKey<Scope>({ domain: "acme.kinde.com", scopes: ["read:report"] });
  });

  it("reads the organization from the context", () => {
    expectTypeOf<KindeApiKeyOptions["orgCode"]>().toEqualTypeOf<
      | string
      | ((
          ctx: ParameterizedContext,
        ) => string | null | undefined | Promise<string | null | undefined>)
      | undefined
    >();
    kindeApiKey({ orgCode: (ctx) => ctx.params.org });
    expectTypeOf(requireScopes("read:reports")).toEqualTypeOf<Middleware>();
  });
});
