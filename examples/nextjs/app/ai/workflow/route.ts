import { aiRoute } from "../../../lib/ai-route.ts";
import { tenantData } from "../../../lib/data.ts";

/** `POST /ai/workflow`: the tenant's workflows as context. */
export const POST = aiRoute("workflow", ["write:ai_workflow"], (owner) => ({
  workflows: tenantData(owner).workflows,
}));
