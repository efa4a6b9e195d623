/**
 * With the app's scopes declared (./register.ts), a scope outside the union does not compile in
 * any place that takes scope names, and no call needs a type argument.
 */
import { authorize, createKindeKeys, type RegisteredScope } from "@acme/kinde-keys-core";
import { AIApplication, createLocalAIProvider } from "@acme/kinde-keys-core/ai";
import * as express from "@acme/kinde-keys-express";
import * as hono from "@acme/kinde-keys-hono";
import * as koa from "@acme/kinde-keys-koa";
import { expectTypeOf } from "vitest";

expectTypeOf<RegisteredScope>().toEqualTypeOf<"read:ai_chats" | "write:ai_chat">();

// createKindeKeys and the pipeline
const kinde = createKindeKeys();
authorize(kinde, { headers: new Headers() }, { scopes: ["read:ai_chats"] });
// @ts-expect-error a typo in a declared scope
authorize(kinde, { headers: new Headers() }, { scopes: ["read:ai_chtas"] });
// @ts-expect-error a client cannot widen the declared union
createKindeKeys<"admin">();

// Every adapter's requireScopes and route options, with and without a client
for (const adapter of [express, hono, koa]) {
  adapter.requireScopes("read:ai_chats", "write:ai_chat");
  // @ts-expect-error a typo in requireScopes
  adapter.requireScopes("read:ai_chtas");
  adapter.kindeApiKey({ scopes: ["write:ai_chat"] });
  // @ts-expect-error a typo in route options
  adapter.kindeApiKey({ scopes: ["write:ai_chta"] });
  adapter.kindeApiKey({ client: kinde, scopes: ["read:ai_chats"] });
  // @ts-expect-error a typo in route options beside a client
  adapter.kindeApiKey({ client: kinde, scopes: ["read:ai_chtas"] });
}

// AIApplication's scopes
const provider = createLocalAIProvider();
new AIApplication("k", { client: kinde, provider, scopes: ["read:ai_chats"] });
// @ts-expect-error a typo in AIApplication's scopes
new AIApplication("k", { client: kinde, provider, scopes: ["read:ai_chtas"] });
// @ts-expect-error fromVerified too
AIApplication.fromVerified(undefined, { provider, scopes: ["write:ai_chta"] });
