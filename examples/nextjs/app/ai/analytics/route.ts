import { aiRoute } from "../../../lib/ai-route.ts";
import { tenantData } from "../../../lib/data.ts";

/** `POST /ai/analytics`: the tenant's plan and metrics as context. */
export const POST = aiRoute("analytics", ["read:ai_analytics"], (owner) => {
  const { plan, metrics } = tenantData(owner);
  return { plan, metrics };
});
