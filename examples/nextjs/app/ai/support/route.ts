import { aiRoute } from "../../../lib/ai-route.ts";
import { tenantData } from "../../../lib/data.ts";

/** `POST /ai/support`: the tenant's support tickets as context. */
export const POST = aiRoute("support", ["read:ai_support"], (owner) => ({
  tickets: tenantData(owner).tickets,
}));
