/**
 * @module ai-route
 * What every AI route handler is: `withKindeApiKey` (the key verified, tenant keys only, the
 * route's scope and the shared per-key limit; every refusal answered by core), then
 * `AIApplication.fromVerified` for that key (no second call to Kinde), fed that tenant's data only.
 */
import { withKindeApiKey } from "@acme/kinde-keys-core";
import {
  AIApplication,
  type ContextOwner,
  createLocalAIProvider,
  isAIApplicationError,
} from "@acme/kinde-keys-core/ai";
import { type AIScope, aiRateLimit, kinde } from "./kinde.ts";

/** The AI routes, by name. */
export type AIRoute = "support" | "analytics" | "workflow" | "chat" | "process";

const provider = createLocalAIProvider();

/**
 * A route handler for `POST /ai/<route>`: the prompt from the JSON body, the answer as JSON
 * `{ route, owner, response, organization, user_id, context }`.
 *
 * @param context - The tenant's data the model may see, chosen by the verified key's owner.
 */
export function aiRoute(
  route: AIRoute,
  scopes: readonly AIScope[],
  context: (owner: ContextOwner) => unknown,
  onAnswer?: (owner: ContextOwner, prompt: string, answer: string) => void,
): (request: Request) => Promise<Response> {
  return withKindeApiKey(
    async (request, key) => {
      const ai = AIApplication.fromVerified<AIScope>(key, { provider, scopes });
      const owner = ai.contextOwner;
      let prompt: unknown;
      try {
        prompt = ((await request.json()) as { prompt?: unknown } | null)?.prompt;
      } catch {
        return Response.json(
          { error: "Invalid request body", code: "INVALID_BODY" },
          { status: 400 },
        );
      }
      try {
        const result = await ai.processAIRequest(prompt, owner && context(owner), {
          signal: request.signal,
        });
        if (owner) onAnswer?.(owner, String(prompt), result.response);
        return Response.json({ route, owner, ...result });
      } catch (error) {
        if (isAIApplicationError(error)) return Response.json(error, { status: error.status });
        throw error;
      }
    },
    { client: kinde, owner: "tenant", scopes, rateLimit: aiRateLimit() },
  );
}

/** `withKindeApiKey` with the AI routes' rules, for a handler that is not a model call. */
export function aiRead(
  scopes: readonly AIScope[],
  handler: (owner: ContextOwner | null) => Response,
): (request: Request) => Promise<Response> {
  return withKindeApiKey(
    async (_request, key) => handler(AIApplication.fromVerified(key, { provider }).contextOwner),
    { client: kinde, owner: "tenant", scopes, rateLimit: aiRateLimit() },
  );
}
