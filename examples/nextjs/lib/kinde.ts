/**
 * @module kinde
 * The one Kinde client every route shares (one cache, one M2M token, one set of rate-limit counts),
 * built on the first request from the `KINDE_*` environment variables. Not when the module loads:
 * `next build` loads every route module, and the build machine need not hold Kinde's credentials.
 */
import { createKindeKeys, type KindeKeys, type RateLimitOptions } from "@acme/kinde-keys-core";

/** Every scope this API knows. Routes naming any other scope do not compile. */
export type AIScope =
  | "read:ai_support"
  | "read:ai_analytics"
  | "write:ai_workflow"
  | "read:ai_chats"
  | "write:ai_chat"
  | "write:ai_process";

let shared: KindeKeys<AIScope> | undefined;

/** The shared client; `withKindeApiKey` calls this on a route's first request. */
export function kinde(): KindeKeys<AIScope> {
  shared ??= createKindeKeys<AIScope>();
  return shared;
}

/**
 * The seed's limit for AI routes: 50 requests per key per 15 minutes, counted across all of them.
 * `KINDE_KEYS_AI_RATE_LIMIT` lowers it (the end-to-end test uses 3).
 */
export function aiRateLimit(): RateLimitOptions {
  const limit = Number(process.env.KINDE_KEYS_AI_RATE_LIMIT) || 50;
  return { limit, windowMs: 15 * 60_000, name: "ai" };
}
