/**
 * @module ai/prompt
 * How a request is pinned to its tenant: the owner a key speaks for, and the prompt the provider
 * receives (`ContextOwner: …`, the JSON context, then the caller's checked text).
 */
import type { KeyOwner } from "../types.ts";
import type { ContextOwner } from "./provider.ts";

/** `org:<code>` or `user:<id>`; `null` for an environment key, which has no tenant. */
export function contextOwnerOf(owner: KeyOwner): ContextOwner | null {
  if (owner.type === "organization") return `org:${owner.orgCode}`;
  if (owner.type === "user") return `user:${owner.userId}`;
  return null;
}

// A caller must not be able to claim another tenant by writing the marker line themselves: the
// check (on text folded as a model would read it) lives with the other guards.
export { forgesContextOwner } from "./guards.ts";

/**
 * The full prompt for the provider.
 *
 * @throws {TypeError} when `context` cannot be serialised to JSON
 */
export function buildPrompt(owner: ContextOwner, context: unknown, text: string): string {
  const contextJson = JSON.stringify(context ?? null) ?? "null";
  return `ContextOwner: ${owner}\nContext: ${contextJson}\n\nRequest:\n${text}`;
}
