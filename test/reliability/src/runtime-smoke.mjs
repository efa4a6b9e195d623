// Loads the built packages by name on whichever runtime runs this file (Node, Bun, Deno), verifies
// a known and an unknown key against the fake Kinde named by KINDE_SMOKE_URL, sends three requests
// through a Hono app, and prints one JSON line. The parent test compares the lines across runtimes.
import { createKindeKeys, isKindeKeysError, redactKey } from "@acme/kinde-keys-core";
import { kindeApiKey } from "@acme/kinde-keys-hono";
import { Hono } from "hono";

const env = globalThis.process?.env ?? {};
const runtime = globalThis.Bun
  ? `bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `deno ${globalThis.Deno.version.deno}`
    : `node ${globalThis.process.versions.node}`;

const kinde = createKindeKeys({
  domain: env.KINDE_SMOKE_URL,
  clientId: env.KINDE_SMOKE_CLIENT_ID,
  clientSecret: env.KINDE_SMOKE_CLIENT_SECRET,
  timeoutMs: 2_000,
});

const valid = await kinde.verify(env.KINDE_SMOKE_VALID_KEY);
const invalid = await kinde.verify(env.KINDE_SMOKE_UNKNOWN_KEY);

let handled = 0;
const app = new Hono();
app.use("/api/*", kindeApiKey({ client: kinde, scopes: ["read:smoke"] }));
app.get("/api/whoami", (c) => {
  handled += 1;
  return c.json({ keyId: c.get("kindeApiKey")?.keyId ?? null });
});

async function call(key) {
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  const response = await app.request("/api/whoami", { headers });
  const body = await response.json();
  return { status: response.status, code: body.code ?? null, keyId: body.keyId ?? null };
}

let unreachable;
try {
  await createKindeKeys({
    domain: "http://127.0.0.1:9",
    clientId: "smoke",
    clientSecret: "smoke-secret",
    timeoutMs: 300,
    retry: { limit: 0 },
  }).verify(env.KINDE_SMOKE_VALID_KEY);
  unreachable = "passed";
} catch (error) {
  unreachable = isKindeKeysError(error) ? error.code : `not a KindeKeysError: ${error}`;
}

const output = {
  runtime,
  valid: valid.valid ? { valid: true, keyId: valid.key.keyId, owner: valid.key.owner } : valid,
  invalid,
  hono: {
    valid: await call(env.KINDE_SMOKE_VALID_KEY),
    unknown: await call(env.KINDE_SMOKE_UNKNOWN_KEY),
    missing: await call(undefined),
  },
  handled,
  unreachable,
  redacted: redactKey(env.KINDE_SMOKE_VALID_KEY),
};
console.log(JSON.stringify(output));
