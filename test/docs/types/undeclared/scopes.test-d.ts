/**
 * Without a scope declaration, scope names are plain strings everywhere, explicit unions still work,
 * the getters have the types the docs promise, and registering a factory without calling it does
 * not compile.
 */
import {
  authorize,
  createKindeKeys,
  type RegisteredScope,
  type VerifiedApiKey,
} from "@acme/kinde-keys-core";
import { AIApplication, createLocalAIProvider } from "@acme/kinde-keys-core/ai";
import * as express from "@acme/kinde-keys-express";
import * as hono from "@acme/kinde-keys-hono";
import * as koa from "@acme/kinde-keys-koa";
import expressApp from "express";
import { Hono } from "hono";
import Koa from "koa";
import { expectTypeOf } from "vitest";

expectTypeOf<RegisteredScope>().toEqualTypeOf<string>();

const kinde = createKindeKeys();
authorize(kinde, { headers: new Headers() }, { scopes: ["any:thing"] });
for (const adapter of [express, hono, koa]) {
  adapter.requireScopes("any:thing");
  adapter.kindeApiKey({ scopes: ["any:thing"] });
}
new AIApplication("k", { client: kinde, provider: createLocalAIProvider(), scopes: ["x"] });

// An explicit union still narrows where it is given.
const narrow = createKindeKeys<"read:reports">();
// @ts-expect-error not in the client's union
express.kindeApiKey({ client: narrow, scopes: ["write:reports"] });

// The getters
expectTypeOf(express.getKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey | undefined>();
expectTypeOf(express.requireKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey>();
expectTypeOf(hono.getKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey | undefined>();
expectTypeOf(hono.requireKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey>();
expectTypeOf(koa.getKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey | undefined>();
expectTypeOf(koa.requireKindeApiKey).returns.toEqualTypeOf<VerifiedApiKey>();

// A factory registered without the call does not compile, in any framework.
// @ts-expect-error kindeApiKey is a factory
expressApp().use(express.kindeApiKey);
// @ts-expect-error kindeApiKey is a factory
new Hono().use(hono.kindeApiKey);
// @ts-expect-error kindeApiKey is a factory
new Koa().use(koa.kindeApiKey);
expressApp().use(express.kindeApiKey());
new Hono().use(hono.kindeApiKey());
new Koa().use(koa.kindeApiKey());

// required: false gives an optional key; the default a key.
const input = { headers: new Headers() };
void authorize(kinde, input).then(
  (r) => r.ok && expectTypeOf(r.key).toEqualTypeOf<VerifiedApiKey>(),
);
void authorize(kinde, input, { required: false }).then(
  (r) => r.ok && expectTypeOf(r.key).toEqualTypeOf<VerifiedApiKey | undefined>(),
);
