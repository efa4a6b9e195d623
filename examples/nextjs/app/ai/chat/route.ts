import { aiRead, aiRoute } from "../../../lib/ai-route.ts";
import { thread } from "../../../lib/threads.ts";

/** `GET /ai/chat`: the tenant's thread. */
export const GET = aiRead(["read:ai_chats"], (owner) =>
  Response.json({ route: "chat", owner, messages: owner ? thread(owner) : [] }),
);

/** `POST /ai/chat`: a new message, answered with the last ten as context, both kept. */
export const POST = aiRoute(
  "chat",
  ["write:ai_chat"],
  (owner) => ({ history: thread(owner).slice(-10) }),
  (owner, prompt, answer) => {
    thread(owner).push({ role: "user", text: prompt }, { role: "assistant", text: answer });
  },
);
