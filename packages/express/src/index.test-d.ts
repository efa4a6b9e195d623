import { createKindeKeys, type KindeKeys, type VerifiedApiKey } from "@acme/kinde-keys-core";
import express from "express";
import { describe, expectTypeOf, it } from "vitest";
import {
  type KindeApiKeyOptions,
  type KindeApiKeyRequest,
  kindeApiKey,
  requireScopes,
} from "./index.ts";

type Scope = "read:reports" | "write:reports";
declare const client: KindeKeys<Scope>;

describe("types", () => {
  it("types req.kindeApiKey without a cast", () => {
    const app = express();
    app.get("/", kindeApiKey(), (req) => {
      expectTypeOf(req.kindeApiKey).toEqualTypeOf<VerifiedApiKey | undefined>();
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
    expectTypeOf(createKindeKeys<Scope>).returns.toEqualTypeOf<KindeKeys<Scope>>();
  });

  it("reads the organization from the typed request", () => {
    expectTypeOf<KindeApiKeyOptions["orgCode"]>().toEqualTypeOf<
      | string
      | ((
          req: KindeApiKeyRequest,
        ) => string | null | undefined | Promise<string | null | undefined>)
      | undefined
    >();
    kindeApiKey({ orgCode: (req) => req.params.org });
    expectTypeOf(requireScopes("read:reports")).toEqualTypeOf<express.RequestHandler>();
  });
});
