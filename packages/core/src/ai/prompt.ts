/**
 * @module ai/prompt
 * How a request is pinned to its tenant: the owner a key speaks for, and the prompt the provider
 * receives (`ContextOwner: …`, the JSON context, then the caller's checked text).
 */
import type { KeyOwner } from "../types.ts";
import type { ContextOwner } from "./provider.ts";

// A caller must not be able to claim another tenant by writing the marker line themselves.
const CONTEXT_MARKER = /^\s*ContextOwner\s*:/im;

/** `org:<code>` or `user:<id>`; `null` for an environment key, which has no tenant. */
export function contextOwnerOf(owner: KeyOwner): ContextOwner | null {
  if (owner.type === "organization") return `org:${owner.orgCode}`;
  if (owner.type === "user") return `user:${owner.userId}`;
  return null;
}

/** True when the caller's text carries a `ContextOwner:` line of its own. */
export function forgesContextOwner(text: string): boolean {
  return CONTEXT_MARKER.test(text);
}

/**
 * The full prompt for the provider.
 *
 * @throws {TypeError} when `context` cannot be serialised to JSON
 */
export function buildPrompt(owner: ContextOwner, context: unknown, text: string): string {
  const contextJson = JSON.stringify(context ?? null) ?? "null";
  return `ContextOwner: ${owner}\nContext: ${contextJson}\n\nRequest:\n${text}`;
}
