/**
 * An app that installs only an adapter may name the adapter in its declaration: it re-exports
 * core's `Register`, so both declarations merge into the same interface.
 */
import { requireScopes } from "@acme/kinde-keys-express";

declare module "@acme/kinde-keys-express" {
  interface Register {
    scopes: "read:ai_chats" | "write:ai_chat";
  }
}

requireScopes("write:ai_chat");
// @ts-expect-error still a typo
requireScopes("write:ai_chats");
