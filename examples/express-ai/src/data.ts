/**
 * @module data
 * Sample data per tenant, keyed by the `ContextOwner` an API key resolves to (`org:<code>` for
 * organization keys, `user:<id>` for user keys). Handlers look data up only by the verified key's
 * owner, never by anything the request says, so one tenant cannot read another's rows.
 */
import type { ContextOwner } from "@acme/kinde-keys-core/ai";

/** A support ticket. */
export interface Ticket {
  readonly id: string;
  readonly subject: string;
  readonly status: "open" | "pending" | "closed";
}

/** A workflow the tenant can ask the AI to plan or run. */
export interface Workflow {
  readonly name: string;
  readonly steps: readonly string[];
}

/** One message of a chat thread. */
export interface ChatMessage {
  readonly role: "user" | "assistant";
  readonly text: string;
}

/** Everything one tenant owns in the example. */
export interface TenantData {
  readonly name: string;
  readonly plan: "free" | "team" | "enterprise";
  readonly tickets: readonly Ticket[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly workflows: readonly Workflow[];
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

/** The tenants the demo and the tests use. Unknown tenants start empty. */
export const SAMPLE_TENANTS: Readonly<Record<ContextOwner, TenantData>> = {
  "org:org_acme": {
    name: "Acme Corp",
    plan: "enterprise",
    tickets: [
      { id: "ACME-101", subject: "SSO login loops after password reset", status: "open" },
      { id: "ACME-102", subject: "Invoice PDF missing VAT number", status: "pending" },
      { id: "ACME-097", subject: "Webhook retries too aggressive", status: "closed" },
    ],
    metrics: { activeUsers: 1_240, apiCallsToday: 48_210, errorRatePercent: 0.4 },
    workflows: [
      { name: "onboard-customer", steps: ["create org", "invite admins", "send welcome"] },
    ],
    chats: [{ role: "user", text: "Which tickets block the Q3 launch?" }],
  },
  "org:org_globex": {
    name: "Globex",
    plan: "team",
    tickets: [{ id: "GLX-7", subject: "Export to CSV times out", status: "open" }],
    metrics: { activeUsers: 85, apiCallsToday: 2_310, errorRatePercent: 1.9 },
    workflows: [{ name: "weekly-report", steps: ["collect metrics", "summarise", "email team"] }],
    chats: [],
  },
  "user:kp_alice": {
    name: "Alice (personal)",
    plan: "free",
    tickets: [{ id: "ALICE-1", subject: "Change my billing email", status: "open" }],
    metrics: { promptsThisMonth: 42 },
    workflows: [],
    chats: [
      { role: "user", text: "Draft a reply to the billing team." },
      { role: "assistant", text: "Here is a short, polite draft…" },
    ],
  },
  "user:kp_bob": {
    name: "Bob (personal)",
    plan: "free",
    tickets: [],
    metrics: { promptsThisMonth: 3 },
    workflows: [],
    chats: [],
  },
};

/** The data of the tenant `owner`; an unknown tenant gets an empty set, never someone else's. */
export function tenantData(owner: ContextOwner): TenantData {
  return SAMPLE_TENANTS[owner] ?? EMPTY;
}
