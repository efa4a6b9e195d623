import { aiRoute } from "../../../lib/ai-route.ts";
import { tenantData } from "../../../lib/data.ts";

/** `POST /ai/process`: the tenant's name and plan as context. */
export const POST = aiRoute("process", ["write:ai_process"], (owner) => {
  const { name, plan } = tenantData(owner);
  return { tenant: name, plan };
});
