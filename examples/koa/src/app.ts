/**
 * @module app
 * The AI API on Koa: `/ai/support` and `/ai/chat` behind Kinde API keys, with a scope per route,
 * tenant keys only, a per-key limit, and `AIApplication` guarding prompts and answers with each
 * tenant's data only. The verified key is on `ctx.state.kindeApiKey`.
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
} from "@acme/kinde-keys-koa";
import Router from "@koa/router";
import Koa, { type Context } from "koa";
import { tenantData } from "./data.ts";

/** The scopes this API knows; routes naming others do not compile. */
export type AIScope = "read:ai_support" | "read:ai_chats" | "write:ai_chat";

/** Settings of {@link createApp}. */
export interface AppOptions {
  /** The Kinde client, created once. */
  kinde: KindeKeys<AIScope>;
  /** The model. @default createLocalAIProvider() */
  provider?: AIProvider;
  /** Usage logs, refusals and slow answers. @default console */
  logger?: Logger;
  /** Per-key limit of the AI routes. @default { limit: 50, windowMs: 15 * 60_000 } */
  rateLimit?: Pick<RateLimitOptions, "limit" | "windowMs" | "store">;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The `prompt` of a JSON body, read only after the key has passed. */
async function promptOf(ctx: Context): Promise<unknown> {
  if (!ctx.is("application/json")) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) ctx.throw(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { prompt?: unknown } | null)
      ?.prompt;
  } catch {
    return ctx.throw(400, "Invalid JSON body");
  }
}

/** Builds the app; middleware and limits are set up here, once. */
export function createApp(options: AppOptions): Koa {
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
  const aiFor = (ctx: Context, scopes: readonly AIScope[]) =>
    AIApplication.fromVerified<AIScope>(ctx.state.kindeApiKey, { provider, scopes, logger });

  /** Aborts the model call when the client goes away. */
  const clientGone = (ctx: Context) => {
    const gone = new AbortController();
    ctx.res.on("close", () => gone.abort());
    return gone.signal;
  };

  const router = new Router();

  router.get("/health", (ctx) => {
    ctx.body = { ok: true };
  });

  router.post("/ai/support", protect(["read:ai_support"]), async (ctx) => {
    const ai = aiFor(ctx, ["read:ai_support"]);
    const owner = ai.contextOwner;
    const result = await ai.processAIRequest(
      await promptOf(ctx),
      owner && { tickets: tenantData(owner).tickets },
      { signal: clientGone(ctx) },
    );
    ctx.body = { route: "support", owner, ...result };
  });

  router.get("/ai/chat", protect(["read:ai_chats"]), (ctx) => {
    const owner = aiFor(ctx, ["read:ai_chats"]).contextOwner;
    ctx.body = { route: "chat", owner, messages: owner ? thread(owner) : [] };
  });

  router.post("/ai/chat", protect(["write:ai_chat"]), async (ctx) => {
    const ai = aiFor(ctx, ["write:ai_chat"]);
    const owner = ai.contextOwner;
    const prompt = await promptOf(ctx);
    const result = await ai.processAIRequest(
      prompt,
      owner && { history: thread(owner).slice(-10) },
      {
        signal: clientGone(ctx),
      },
    );
    if (owner)
      thread(owner).push(
        { role: "user", text: String(prompt) },
        { role: "assistant", text: result.response },
      );
    ctx.body = { route: "chat", owner, ...result };
  });

  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (isAIApplicationError(error)) {
        ctx.status = error.status;
        ctx.body = error.toJSON();
        return;
      }
      const status = (error as { status?: unknown }).status;
      if (typeof status === "number" && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: "Invalid request body", code: "INVALID_BODY" };
        return;
      }
      logger.error?.(
        { err: error instanceof Error ? error.message : String(error) },
        "unexpected error",
      );
      ctx.status = 500;
      ctx.body = { error: "Internal error", code: "INTERNAL" };
    }
  });
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
