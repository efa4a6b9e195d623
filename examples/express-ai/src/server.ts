/**
 * @module server
 * Starts the AI API. Kinde settings come from the environment: `KINDE_DOMAIN`,
 * `KINDE_MANAGEMENT_CLIENT_ID`, `KINDE_MANAGEMENT_CLIENT_SECRET` (an M2M app with `read:api_keys`).
 * `PORT` picks the port (default 3000).
 */
import { createKindeKeys } from "@acme/kinde-keys-core";
import { type AIScope, createApp } from "./app.ts";
import { jsonLogger } from "./logger.ts";

const logger = jsonLogger();
const kinde = createKindeKeys<AIScope>({ logger });
const port = Number(process.env.PORT ?? 3000);

const server = createApp({ kinde, logger }).listen(port, () => {
  logger.info({ port }, "express-ai listening");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close());
}
