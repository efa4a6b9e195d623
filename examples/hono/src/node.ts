/**
 * @module node
 * Runs the Hono app on Node. Kinde settings come from `KINDE_DOMAIN`,
 * `KINDE_MANAGEMENT_CLIENT_ID` and `KINDE_MANAGEMENT_CLIENT_SECRET`; `PORT` picks the port.
 */
import { createKindeKeys } from "@acme/kinde-keys-hono";
import { serve } from "@hono/node-server";
import { type AIScope, createApp } from "./app.ts";

const app = createApp({ kinde: createKindeKeys<AIScope>() });
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.info({ port: info.port }, "hono example listening");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close());
}
