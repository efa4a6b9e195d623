import { describe, expectTypeOf, it } from "vitest";
import type { KindeKeys } from "../client.ts";
import type { VerifiedApiKey } from "../types.ts";
import { withKindeApiKey } from "./fetch.ts";

type Scope = "read:reports" | "write:reports";
declare const client: KindeKeys<Scope>;

describe("withKindeApiKey types", () => {
  it("returns a handler with the runtime's arguments after the request", () => {
    const GET = withKindeApiKey(
      async (_request, key, context: { params: Promise<{ org: string }> }) => {
        expectTypeOf(key).toEqualTypeOf<VerifiedApiKey>();
        return Response.json({ org: (await context.params).org });
      },
      { client },
    );
    expectTypeOf(GET).toEqualTypeOf<
      (request: Request, context: { params: Promise<{ org: string }> }) => Promise<Response>
    >();
    const bare = withKindeApiKey(() => new Response("ok"));
    expectTypeOf(bare).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it("checks scopes against the client's union", () => {
    withKindeApiKey(() => new Response(""), { client, scopes: ["read:reports"] });
    // @ts-expect-error: not one of the client's scopes
    withKindeApiKey(() => new Response(""), { client, scopes: ["read:report"] });
  });

  it("types `env` as a function of the handler's arguments", () => {
    interface Env {
      KINDE_DOMAIN: string;
    }
    withKindeApiKey(
      (_request, _key, _env: Env, _ctx: { waitUntil(p: Promise<unknown>): void }) =>
        new Response(""),
      {
        env: (_request, env) => {
          expectTypeOf(env).toEqualTypeOf<Env>();
          return { KINDE_DOMAIN: env.KINDE_DOMAIN };
        },
      },
    );
    // @ts-expect-error: a handler must answer a Response
    withKindeApiKey(() => ({ ok: true }));
  });
});
