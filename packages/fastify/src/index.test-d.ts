import type { VerifiedApiKey } from "@acme/kinde-keys-core";
import Fastify, { type preHandlerAsyncHookHandler } from "fastify";
import { describe, expectTypeOf, it } from "vitest";
import { getKindeApiKey, type KindeApiKeyOptions, kindeApiKey, requireScopes } from "./index.ts";

type Scope = "read:reports" | "write:reports";

describe("types", () => {
  it("types request.kindeApiKey by declaration merging, without a cast", () => {
    const app = Fastify();
    app.register(kindeApiKey, { orgCode: (request) => request.params.org });
    app.get("/", async (request) => {
      expectTypeOf(request.kindeApiKey).toEqualTypeOf<VerifiedApiKey | undefined>();
      expectTypeOf(getKindeApiKey(request)).toEqualTypeOf<VerifiedApiKey | undefined>();
      return {};
    });
  });

  it("reads the organization from the route's parameters", () => {
    expectTypeOf<
      Parameters<Extract<KindeApiKeyOptions["orgCode"], (...args: never) => unknown>>[0]["params"]
    >().toEqualTypeOf<Record<string, string | undefined>>();
  });

  it("checks requireScopes against the declared union and returns a preHandler", () => {
    expectTypeOf(requireScopes<Scope>("read:reports")).toEqualTypeOf<preHandlerAsyncHookHandler>();
    // @ts-expect-error: not one of the declared scopes
    requireScopes<Scope>("read:report");
  });
});
