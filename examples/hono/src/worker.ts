/**
 * @module worker
 * The Cloudflare Workers entry (see `wrangler.toml`). Kinde settings are bindings: `KINDE_DOMAIN`
 * as a var, the M2M client id and secret as secrets (`wrangler secret put …`). Bindings exist only
 * inside a request, so the client and app are built on the first one and kept for the isolate's
 * life: the verify cache and token are then shared by every later request it serves.
 */
import { createKindeKeys } from "@acme/kinde-keys-hono";
import type { ExecutionContext, Hono } from "hono";
import { type AIScope, createApp } from "./app.ts";

/** The Worker's bindings. */
export interface Env {
  readonly KINDE_DOMAIN: string;
  readonly KINDE_MANAGEMENT_CLIENT_ID: string;
  readonly KINDE_MANAGEMENT_CLIENT_SECRET: string;
}

let app: Hono | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createApp({ kinde: createKindeKeys<AIScope>({ env: { ...env } }) });
    return app.fetch(request, env, ctx);
  },
};
