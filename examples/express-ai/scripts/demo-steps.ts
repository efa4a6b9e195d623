/**
 * @module demo-steps
 * What the demo creates and sends, each with the plain sentence it prints: the keys (who owns each
 * one), the requests in order (what each shows and why the answer is what it is), and a short
 * glossary of the words the table uses.
 */
import type { CreateApiKeyInput } from "@acme/kinde-keys-core/management";
import type { AIScope } from "../src/app.ts";

const ALL_SCOPES: AIScope[] = [
  "read:ai_support",
  "read:ai_analytics",
  "write:ai_workflow",
  "read:ai_chats",
  "write:ai_chat",
  "write:ai_process",
];

/** Which key a request carries. */
export type KeyKind = "none" | "org" | "user" | "narrow" | "environment" | "revoked" | "unknown";

/** A key the demo creates through the management API. */
export interface DemoKey {
  readonly kind: Exclude<KeyKind, "none" | "unknown">;
  readonly label: string;
  readonly input: CreateApiKeyInput;
  readonly revoke?: boolean;
}

/** The words the table uses, printed before it. */
export const GLOSSARY = [
  "What the words mean:",
  "  owner         who a key belongs to; Kinde records it when the key is created.",
  "  organization  an organization key belongs to one Kinde organization, here a customer company",
  "                (Acme, Globex); it sees that company's data only.",
  "  user          a user key belongs to one person (Alice); it sees that person's data only.",
  "  environment   an environment key belongs to your whole Kinde environment: no organization, no",
  "                user, so it has no tenant and the AI routes refuse it.",
  "  tenant        the organization or user whose data a request may see: the key's owner.",
  "  scope         a permission given to a key when it is created (read:ai_support, …); each route",
  "                names the scope it needs.",
];

export const DEMO_KEYS: readonly DemoKey[] = [
  {
    kind: "org",
    label: "Acme org key, every AI scope",
    input: { name: "Acme AI", apiId: "api_demo", scopeIds: ALL_SCOPES, orgCode: "org_acme" },
  },
  {
    kind: "user",
    label: "Alice's user key, chat and process",
    input: {
      name: "Alice assistant",
      apiId: "api_demo",
      scopeIds: ["read:ai_chats", "write:ai_chat", "write:ai_process"],
      userId: "kp_alice",
    },
  },
  {
    kind: "narrow",
    label: "Globex org key, read:ai_support only",
    input: {
      name: "Globex support",
      apiId: "api_demo",
      scopeIds: ["read:ai_support"],
      orgCode: "org_globex",
    },
  },
  {
    kind: "environment",
    label: "environment key (no org, no user)",
    input: { name: "Env-wide", apiId: "api_demo", scopeIds: ALL_SCOPES, environment: true },
  },
  {
    kind: "revoked",
    label: "Acme org key, revoked with DELETE",
    input: { name: "Old Acme", apiId: "api_demo", scopeIds: ALL_SCOPES, orgCode: "org_acme" },
    revoke: true,
  },
];

export const UNKNOWN_KEY = "k_live_0000000000000000000000000000dead";

/** One request of the tour. */
export interface Step {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly key: KeyKind;
  readonly prompt?: string;
  readonly expect: number;
  /** One plain sentence: what the row shows and why the answer is what it is. */
  readonly why: string;
}

const post = (path: string, key: KeyKind, prompt: string, expect: number, why: string): Step => ({
  method: "POST",
  path,
  key,
  prompt,
  expect,
  why,
});

export const STEPS: readonly Step[] = [
  {
    method: "POST",
    path: "/ai/support",
    key: "none",
    expect: 401,
    why: "No key at all: refused before any call to Kinde, with a hint of the header to send.",
  },
  post(
    "/ai/support",
    "org",
    "Which tickets are urgent?",
    200,
    "Acme's organization key holds read:ai_support, so the AI answers from Acme's tickets only.",
  ),
  post(
    "/ai/analytics",
    "org",
    "How is usage trending?",
    200,
    "The same key holds read:ai_analytics too, so it gets Acme's metrics.",
  ),
  post(
    "/ai/workflow",
    "org",
    "Plan onboarding for Initech",
    200,
    "The key holds write:ai_workflow as well: a plan built from Acme's data.",
  ),
  post(
    "/ai/process",
    "org",
    "<script>steal()</script>",
    400,
    "The key is fine, but the prompt carries a script tag, so the AI input guard refuses it.",
  ),
  post(
    "/ai/support",
    "narrow",
    "Summarise my tickets",
    200,
    "Globex's key holds only read:ai_support, which is exactly what this route needs.",
  ),
  post(
    "/ai/analytics",
    "narrow",
    "Show metrics",
    403,
    "The same Globex key lacks read:ai_analytics, so the scope check refuses it.",
  ),
  post(
    "/ai/support",
    "user",
    "Summarise my tickets",
    403,
    "Alice's user key was not given read:ai_support: a user key gets only the scopes it was given.",
  ),
  post(
    "/ai/process",
    "user",
    "Tidy up my notes",
    200,
    "Alice's key holds write:ai_process; the AI sees Alice's own data, not any organization's.",
  ),
  post(
    "/ai/support",
    "environment",
    "Anything?",
    403,
    "An environment key has every scope but no tenant, and the AI routes allow only organization and user keys.",
  ),
  post(
    "/ai/support",
    "revoked",
    "Still there?",
    401,
    "This key was deleted through the management API, so Kinde now answers that it is revoked.",
  ),
  post(
    "/ai/support",
    "unknown",
    "Let me in",
    401,
    "A well-formed key Kinde has never issued: invalid.",
  ),
  {
    method: "GET",
    path: "/ai/chat",
    key: "user",
    expect: 200,
    why: "Alice reads her chat history (read:ai_chats); the first of 5 requests a minute on /ai/chat.",
  },
  // Four more fit in the chat limit of 5 per minute; the fifth is refused.
  ...[1, 2, 3, 4].map((n) =>
    post(
      "/ai/chat",
      "user",
      `Message ${n}`,
      200,
      `Alice posts chat message ${n}: request ${n + 1} of the 5 her key may send per minute.`,
    ),
  ),
  post(
    "/ai/chat",
    "user",
    "One too many",
    429,
    "A sixth chat request within the minute: the per-key rate limit answers 429 with Retry-After.",
  ),
];
