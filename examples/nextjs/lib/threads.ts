/**
 * @module threads
 * Chat threads per tenant, in memory for the example (a real app would use its database).
 */
import type { ContextOwner } from "@acme/kinde-keys-core/ai";
import { type ChatMessage, tenantData } from "./data.ts";

const threads = new Map<ContextOwner, ChatMessage[]>();

/** The thread of `owner`, seeded from its sample data. */
export function thread(owner: ContextOwner): ChatMessage[] {
  let messages = threads.get(owner);
  if (!messages) {
    messages = [...tenantData(owner).chats];
    threads.set(owner, messages);
  }
  return messages;
}
