/**
 * @module data
 * Sample data per tenant, keyed by the `ContextOwner` a verified key resolves to. Handlers look data
 * up only by that owner, never by anything the request says.
 */
import type { ContextOwner } from "@acme/kinde-keys-core";

/** What one tenant owns in the example. */
export interface TenantData {
  readonly tickets: readonly { readonly id: string; readonly subject: string }[];
  readonly chats: readonly { readonly role: "user" | "assistant"; readonly text: string }[];
}

const SAMPLE_TENANTS: Readonly<Record<ContextOwner, TenantData>> = {
  "org:org_acme": {
    tickets: [
      { id: "ACME-101", subject: "SSO login loops after password reset" },
      { id: "ACME-102", subject: "Invoice PDF missing VAT number" },
    ],
    chats: [],
  },
  "org:org_globex": { tickets: [{ id: "GLX-7", subject: "Export to CSV times out" }], chats: [] },
  "user:kp_alice": {
    tickets: [{ id: "ALICE-1", subject: "Change my billing email" }],
    chats: [{ role: "user", text: "Draft a reply to the billing team." }],
  },
};

/** The data of the tenant `owner`; an unknown tenant gets nothing, never someone else's. */
export function tenantData(owner: ContextOwner): TenantData {
  return SAMPLE_TENANTS[owner] ?? { tickets: [], chats: [] };
}
