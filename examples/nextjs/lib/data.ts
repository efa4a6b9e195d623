/**
 * @module data
 * Sample data per tenant, keyed by the `ContextOwner` an API key resolves to (`org:<code>` for
 * organization keys, `user:<id>` for user keys). Handlers look data up only by the verified key's
 * owner, never by anything the request says, so one tenant cannot read another's rows.
 */
import type { ContextOwner } from "@acme/kinde-keys-core/ai";

/** One message of a chat thread. */
export interface ChatMessage {
  readonly role: "user" | "assistant";
  readonly text: string;
}

/** Everything one tenant owns. */
export interface TenantData {
  readonly name: string;
  readonly plan: "free" | "team" | "enterprise";
  readonly tickets: readonly { readonly id: string; readonly subject: string }[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly workflows: readonly { readonly name: string; readonly steps: readonly string[] }[];
  readonly chats: readonly ChatMessage[];
}

const EMPTY: TenantData = {
  name: "New tenant",
  plan: "free",
  tickets: [],
  metrics: {},
  workflows: [],
  chats: [],
};

const TENANTS: Readonly<Record<ContextOwner, TenantData>> = {
  "org:org_acme": {
    name: "Acme Corp",
    plan: "enterprise",
    tickets: [
      { id: "ACME-101", subject: "SSO login loops after password reset" },
      { id: "ACME-102", subject: "Invoice PDF missing VAT number" },
    ],
    metrics: { activeUsers: 1_240, apiCallsToday: 48_210 },
    workflows: [{ name: "onboard-customer", steps: ["create org", "invite admins"] }],
    chats: [{ role: "user", text: "Which tickets block the Q3 launch?" }],
  },
  "org:org_globex": {
    name: "Globex",
    plan: "team",
    tickets: [{ id: "GLX-7", subject: "Export to CSV times out" }],
    metrics: { activeUsers: 85, apiCallsToday: 2_310 },
    workflows: [],
    chats: [],
  },
  "user:kp_alice": {
    name: "Alice (personal)",
    plan: "free",
    tickets: [{ id: "ALICE-1", subject: "Change my billing email" }],
    metrics: { promptsThisMonth: 42 },
    workflows: [],
    chats: [{ role: "user", text: "Draft a reply to the billing team." }],
  },
};

/** The data of the tenant `owner`; an unknown tenant gets an empty set, never someone else's. */
export function tenantData(owner: ContextOwner): TenantData {
  return TENANTS[owner] ?? EMPTY;
}
