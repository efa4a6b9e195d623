/**
 * @module server
 * Starts the Koa example. Kinde settings come from `KINDE_DOMAIN`, `KINDE_MANAGEMENT_CLIENT_ID` and
 * `KINDE_MANAGEMENT_CLIENT_SECRET`; `PORT` picks the port (default 3000).
 */
import { createKindeKeys } from "@acme/kinde-keys-koa";
import { type AIScope, createApp } from "./app.ts";

const port = Number(process.env.PORT ?? 3000);
const server = createApp({ kinde: createKindeKeys<AIScope>() }).listen(port, () => {
  console.info({ port }, "koa example listening");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close());
}
