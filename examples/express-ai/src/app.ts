/**
 * @module app
 * The AI API: five features behind Kinde API keys. Each route states its scope and gets a per-key
 * rate limit; the middleware verifies the key, refuses environment keys, and answers every refusal
 * itself (401/403/429/503), so a handler only ever runs for a verified tenant. Handlers then hand the
 * verified key to `AIApplication.fromVerified` (no second call to Kinde), feed it that tenant's data
 * only, and let it guard the prompt and the answer.
 */
import type { KindeKeys, Logger, RateLimitOptions, UsageRecorder } from "@acme/kinde-keys-core";
import {
  AIApplication,
  type AIProvider,
  type ContextOwner,
  createLocalAIProvider,
  isAIApplicationError,
} from "@acme/kinde-keys-core/ai";
import { createUsageRecorder, kindeApiKey, memoryUsageStore } from "@acme/kinde-keys-express";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { type ChatMessage, tenantData } from "./data.ts";

/** Every scope this API knows. Routes naming any other scope do not compile. */
export type AIScope =
  | "read:ai_support"
  | "read:ai_analytics"
  | "write:ai_workflow"
  | "read:ai_chats"
  | "write:ai_chat"
  | "write:ai_process"
  | "admin:usage";

/** The rate-limited routes, by name. */
export type AIRoute = "support" | "analytics" | "workflow" | "chat" | "process";

/** A per-key limit: `limit` requests per `windowMs`. */
export type AIRateLimit = Pick<RateLimitOptions, "limit" | "windowMs" | "store">;

/** Settings of {@link createApp}. */
export interface AppOptions {
  /** The Kinde client, created once (`createKindeKeys<AIScope>(…)`). */
  kinde: KindeKeys<AIScope>;
  /**
   * The model.
   * @default createLocalAIProvider()
   */
  provider?: AIProvider;
  /** Usage logs, refusals, provider failures and slow answers (pino-compatible). */
  logger?: Logger;
  /**
   * The per-key limit shared by all AI routes.
   * @default { limit: 50, windowMs: 15 * 60_000 }
   */
  rateLimit?: AIRateLimit;
  /** Stricter limits for single routes, each with its own budget, e.g. `{ chat: { limit: 5, windowMs: 60_000 } }`. */
  routeRateLimits?: Partial<Record<AIRoute, AIRateLimit>>;
  /**
   * Answers slower than this are logged as warnings.
   * @default 5000
   */
  slowThresholdMs?: number;
  /**
   * Usage per organization and user, fed by the AI routes' audit events and `AIApplication`, read
   * on `GET /admin/usage` (scope `admin:usage`).
   * @default a recorder over `memoryUsageStore()`
   */
  usage?: UsageRecorder;
}

/** The seed's limit for AI routes: 50 requests per key per 15 minutes. */
export const DEFAULT_AI_RATE_LIMIT: AIRateLimit = { limit: 50, windowMs: 15 * 60_000 };

/** What an AI route answers: `AIApplication`'s result plus the route and the tenant it ran for. */
export interface AIResponseBody {
  readonly route: AIRoute;
  readonly owner: ContextOwner | null;
  readonly response: string;
  readonly organization: string | null;
  readonly user_id: string | null;
  readonly context: unknown;
}

/**
 * Builds the Express app. Everything expensive (middleware, limits) is set up here, once.
 *
 * @example
 * ```ts
 * const kinde = createKindeKeys<AIScope>();
 * createApp({ kinde }).listen(3000);
 * ```
 */
export function createApp(options: AppOptions): Express {
  const { kinde, logger, slowThresholdMs } = options;
  const provider = options.provider ?? createLocalAIProvider();
  const sharedLimit = options.rateLimit ?? DEFAULT_AI_RATE_LIMIT;
  // Chat threads live in memory for the example; a real app would use its database.
  const threads = new Map<ContextOwner, ChatMessage[]>();
  const usage = options.usage ?? createUsageRecorder({ store: memoryUsageStore() });

  function thread(owner: ContextOwner): ChatMessage[] {
    let messages = threads.get(owner);
    if (!messages) {
      messages = [...tenantData(owner).chats];
      threads.set(owner, messages);
    }
    return messages;
  }

  /** Verification, tenant keys only, the route's scopes and its limit; then the body parser. */
  function protect(route: AIRoute, scopes: readonly AIScope[]): RequestHandler[] {
    const own = options.routeRateLimits?.[route];
    const rateLimit = own ? { ...own, name: `ai-${route}` } : { ...sharedLimit, name: "ai" };
    // Bodies are parsed only once the key has passed: strangers cannot make us read them.
    return [
      kindeApiKey<AIScope>({
        client: kinde,
        owner: "tenant",
        scopes,
        rateLimit,
        audit: usage.audit,
        logger,
      }),
      express.json({ limit: "64kb" }),
    ];
  }

  /**
   * An AI route: the middleware above, then `AIApplication` for the verified key with `context`
   * built from that tenant's data only.
   */
  function aiRoute(
    route: AIRoute,
    scopes: readonly AIScope[],
    context: (owner: ContextOwner) => unknown,
    onAnswer?: (owner: ContextOwner, prompt: string, answer: string) => void,
  ): RequestHandler[] {
    const handler: RequestHandler = async (req, res) => {
      // The same scopes again: AIApplication refuses on its own even if a route forgets them.
      const ai = AIApplication.fromVerified<AIScope>(req.kindeApiKey, {
        provider,
        scopes,
        logger,
        slowThresholdMs,
        onUsage: usage.ai,
      });
      const owner = ai.contextOwner;
      const prompt = (req.body as { prompt?: unknown } | undefined)?.prompt;
      // Stop the model call when the client goes away.
      const gone = new AbortController();
      res.on("close", () => gone.abort());
      const result = await ai.processAIRequest(prompt, owner && context(owner), {
        signal: gone.signal,
      });
      if (owner) onAnswer?.(owner, String(prompt), result.response);
      const body: AIResponseBody = { route, owner, ...result };
      res.json(body);
    };
    return [...protect(route, scopes), handler];
  }

  const app = express();
  app.disable("x-powered-by");

  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });

  app.post(
    "/ai/support",
    aiRoute("support", ["read:ai_support"], (owner) => ({ tickets: tenantData(owner).tickets })),
  );
  app.post(
    "/ai/analytics",
    aiRoute("analytics", ["read:ai_analytics"], (owner) => {
      const { plan, metrics } = tenantData(owner);
      return { plan, metrics };
    }),
  );
  app.post(
    "/ai/workflow",
    aiRoute("workflow", ["write:ai_workflow"], (owner) => ({
      workflows: tenantData(owner).workflows,
    })),
  );
  const readThread: RequestHandler = (req, res) => {
    const owner = AIApplication.fromVerified(req.kindeApiKey, { provider }).contextOwner;
    res.json({ route: "chat", owner, messages: owner ? thread(owner) : [] });
  };
  app.get("/ai/chat", protect("chat", ["read:ai_chats"]), readThread);
  app.post(
    "/ai/chat",
    aiRoute(
      "chat",
      ["write:ai_chat"],
      (owner) => ({ history: thread(owner).slice(-10) }),
      (owner, prompt, answer) => {
        thread(owner).push({ role: "user", text: prompt }, { role: "assistant", text: answer });
      },
    ),
  );
  app.post(
    "/ai/process",
    aiRoute("process", ["write:ai_process"], (owner) => {
      const { name, plan } = tenantData(owner);
      return { tenant: name, plan };
    }),
  );

  app.get(
    "/admin/usage",
    kindeApiKey<AIScope>({ client: kinde, scopes: ["admin:usage"] }),
    usageReport(usage),
  );

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (isAIApplicationError(error)) {
      res.status(error.status).json(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // body-parser's refusals (bad JSON, too large): the client's fault, said without details.
      res.status(status).json({ error: "Invalid request body", code: "INVALID_BODY" });
      return;
    }
    logger?.error?.(
      { err: error instanceof Error ? error.message : String(error) },
      "unexpected error",
    );
    res.status(500).json({ error: "Internal error", code: "INTERNAL" });
  };
  app.use(onError);

  return app;
}

/**
 * `GET /admin/usage?org=org_acme&from=2025-01-01&to=2025-01-31` (or `user=kp_…`): the owner's usage
 * rows, by day and route, ready for a bill. Days default to today (UTC).
 */
function usageReport(usage: UsageRecorder): RequestHandler {
  return async (req, res) => {
    const text = (value: unknown) =>
      typeof value === "string" && value !== "" ? value : undefined;
    const { org, user, from, to } = req.query;
    const owner = text(org) ? { orgCode: text(org) as string } : { userId: text(user) ?? "" };
    try {
      const rows = await usage.get({ ...owner, from: text(from), to: text(to) });
      res.json({ rows });
    } catch (error) {
      // The recorder checks the query (one owner, real days, a bounded range).
      if (!(error instanceof TypeError)) throw error;
      res.status(400).json({ error: error.message, code: "INVALID_QUERY" });
    }
  };
}
