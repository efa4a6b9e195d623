/**
 * @module app
 * The AI API on Hono, for any runtime (Node via `node.ts`, Cloudflare Workers via `worker.ts`):
 * `/ai/support` and `/ai/chat` behind Kinde API keys, with a scope per route, tenant keys only, a
 * per-key limit, and `AIApplication` guarding prompts and answers with each tenant's data only.
 */
import {
  AIApplication,
  type AIProvider,
  type ContextOwner,
  createLocalAIProvider,
  isAIApplicationError,
} from "@acme/kinde-keys-core";
import {
  type KindeKeys,
  kindeApiKey,
  type Logger,
  type RateLimitOptions,
} from "@acme/kinde-keys-hono";
import { type Context, Hono } from "hono";
import { tenantData } from "./data.ts";

/** The scopes this API knows; routes naming others do not compile. */
export type AIScope = "read:ai_support" | "read:ai_chats" | "write:ai_chat";

/** Settings of {@link createApp}. */
export interface AppOptions {
  /** The Kinde client, created once per process or Worker isolate. */
  kinde: KindeKeys<AIScope>;
  /** The model. @default createLocalAIProvider() */
  provider?: AIProvider;
  /** Usage logs, refusals and slow answers. @default console */
  logger?: Logger;
  /**
   * Per-key limit of the AI routes. Counts live in the isolate's memory: pass a shared `store` to
   * limit across Workers isolates or Node instances.
   * @default { limit: 50, windowMs: 15 * 60_000 }
   */
  rateLimit?: Pick<RateLimitOptions, "limit" | "windowMs" | "store">;
}

/** Builds the app; middleware and limits are set up here, once. */
export function createApp(options: AppOptions): Hono {
  const { kinde } = options;
  const provider = options.provider ?? createLocalAIProvider();
  const logger = options.logger ?? console;
  const rateLimit = { limit: 50, windowMs: 15 * 60_000, ...options.rateLimit, name: "ai" };
  const threads = new Map<ContextOwner, { role: "user" | "assistant"; text: string }[]>();
  const thread = (owner: ContextOwner) => {
    if (!threads.has(owner)) threads.set(owner, [...tenantData(owner).chats]);
    return threads.get(owner) ?? [];
  };

  const protect = (scopes: readonly AIScope[]) =>
    kindeApiKey<AIScope>({ client: kinde, owner: "tenant", scopes, rateLimit });

  /** `AIApplication` for the key the middleware verified: no second call to Kinde. */
  const aiFor = (c: Context, scopes: readonly AIScope[]) =>
    AIApplication.fromVerified<AIScope>(c.get("kindeApiKey"), { provider, scopes, logger });

  async function promptOf(c: Context): Promise<unknown> {
    const body = (await c.req.json().catch(() => undefined)) as { prompt?: unknown } | undefined;
    return body?.prompt;
  }

  const app = new Hono();

  app.get("/health", (c) => c.json({ ok: true }));

  app.post("/ai/support", protect(["read:ai_support"]), async (c) => {
    const ai = aiFor(c, ["read:ai_support"]);
    const owner = ai.contextOwner;
    const result = await ai.processAIRequest(
      await promptOf(c),
      owner && { tickets: tenantData(owner).tickets },
      { signal: c.req.raw.signal },
    );
    return c.json({ route: "support", owner, ...result });
  });

  app.get("/ai/chat", protect(["read:ai_chats"]), (c) => {
    const owner = aiFor(c, ["read:ai_chats"]).contextOwner;
    return c.json({ route: "chat", owner, messages: owner ? thread(owner) : [] });
  });

  app.post("/ai/chat", protect(["write:ai_chat"]), async (c) => {
    const ai = aiFor(c, ["write:ai_chat"]);
    const owner = ai.contextOwner;
    const prompt = await promptOf(c);
    const result = await ai.processAIRequest(
      prompt,
      owner && { history: thread(owner).slice(-10) },
      {
        signal: c.req.raw.signal,
      },
    );
    if (owner)
      thread(owner).push(
        { role: "user", text: String(prompt) },
        { role: "assistant", text: result.response },
      );
    return c.json({ route: "chat", owner, ...result });
  });

  app.onError((error, c) => {
    if (isAIApplicationError(error)) return c.json(error.toJSON(), error.status);
    logger.error?.({ err: error.message }, "unexpected error");
    return c.json({ error: "Internal error", code: "INTERNAL" }, 500);
  });

  return app;
}
