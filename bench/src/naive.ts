/**
 * @module naive
 * "The middleware from Kinde's docs", once per framework: read the Bearer token, POST it to Kinde's
 * verify endpoint on every request (no cache, no coalescing, no timeout), accept when
 * `is_valid && status === "active"`. The M2M token is fetched once at startup, which flatters this
 * baseline: the docs' samples fetch or read it per process as well.
 */
import type { RequestHandler } from "express";
import type { MiddlewareHandler } from "hono";
import type { Middleware } from "koa";

/** Where the naive middleware sends keys. */
export interface NaiveConfig {
  /** Kinde's origin, e.g. `http://127.0.0.1:54321`. */
  readonly origin: string;
  /** An M2M access token with `read:api_keys`. */
  readonly token: string;
}

interface KindeVerifyAnswer {
  is_valid?: boolean;
  status?: string;
  key_id?: string;
  scopes?: string[];
  org_code?: string | null;
  user_id?: string | null;
}

/** Gets an M2M token with the client-credentials grant (FACTS §1). */
export async function fetchM2MToken(
  origin: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const response = await fetch(`${origin}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      audience: `${origin}/api`,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`token request failed: ${response.status}`);
  return body.access_token;
}

/** The docs' verify call: the key, or `undefined` when Kinde says it is not usable. */
async function verifyWithKinde(config: NaiveConfig, authorization: string | undefined) {
  if (!authorization?.startsWith("Bearer ")) return undefined;
  const response = await fetch(`${config.origin}/api/v1/api_keys/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${config.token}`, "content-type": "application/json" },
    body: JSON.stringify({ api_key: authorization.slice(7) }),
  });
  const result = (await response.json()) as KindeVerifyAnswer;
  return result.is_valid && result.status === "active" ? result : undefined;
}

const INVALID = { error: "Invalid API key" };

/** The naive middleware for Express. */
export function naiveExpress(config: NaiveConfig): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = await verifyWithKinde(config, req.headers.authorization);
      if (!key) {
        res.status(401).json(INVALID);
        return;
      }
      (req as unknown as { apiKey: KindeVerifyAnswer }).apiKey = key;
      next();
    } catch {
      res.status(500).json({ error: "Verification failed" });
    }
  };
}

/** The naive middleware for Hono. */
export function naiveHono(
  config: NaiveConfig,
): MiddlewareHandler<{ Variables: { naiveApiKey: KindeVerifyAnswer } }> {
  return async (c, next) => {
    try {
      const key = await verifyWithKinde(config, c.req.header("authorization"));
      if (!key) return c.json(INVALID, 401);
      c.set("naiveApiKey", key);
    } catch {
      return c.json({ error: "Verification failed" }, 500);
    }
    await next();
  };
}

/** The naive middleware for Koa. */
export function naiveKoa(config: NaiveConfig): Middleware {
  return async (ctx, next) => {
    try {
      const key = await verifyWithKinde(config, ctx.get("authorization") || undefined);
      if (!key) {
        ctx.status = 401;
        ctx.body = INVALID;
        return;
      }
      ctx.state.apiKey = key;
    } catch {
      ctx.status = 500;
      ctx.body = { error: "Verification failed" };
      return;
    }
    await next();
  };
}
