/**
 * Secret hygiene (SECURITY.md, "No secrets in logs"): one run through every scenario (valid,
 * unknown, revoked, inactive and malformed keys, each Kinde fault, a wrong client secret, config
 * errors, rate limits, failed-attempt throttling and failing hooks, the management calls,
 * AIApplication, the three adapters and the CLI) with a capturing logger, `onVerify`, the adapters'
 * audit events and `AIApplication`'s usage events. Every log call, event, thrown error (JSON of the whole cause
 * chain and `util.inspect` with hidden fields) and every HTTP answer (body and headers) is kept,
 * and none may contain a raw API key or an M2M client secret.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import {
  type AuditEvent,
  auditLogger,
  authorize,
  createKindeKeys,
  type KindeKeys,
  type KindeKeysConfig,
  type Logger,
} from "@acme/kinde-keys-core";
import { createAuthorizer } from "@acme/kinde-keys-core/adapter";
import { AIApplication, createLocalAIProvider } from "@acme/kinde-keys-core/ai";
import { checkKindeSetup, createKeyManager } from "@acme/kinde-keys-core/management";
import { kindeApiKey as expressKindeApiKey } from "@acme/kinde-keys-express";
import { kindeApiKey as honoKindeApiKey } from "@acme/kinde-keys-hono";
import { kindeApiKey as koaKindeApiKey } from "@acme/kinde-keys-koa";
import { type FakeFault, type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type AdapterOptions,
  createDriver,
  FRAMEWORKS,
  type RequestHeaders,
} from "./support/drivers.ts";
import type { FaultSpec } from "./support/kinde.ts";

const CLIENT_SECRET = `cs_live_${randomBytes(24).toString("hex")}`;
const WRONG_SECRET = `cs_wrong_${randomBytes(24).toString("hex")}`;
const kindeCli = fileURLToPath(new URL("../node_modules/.bin/kinde-keys", import.meta.url));

/** Everything observable: serialised once, searched at the end. */
const observed: { where: string; text: string }[] = [];
/** Every raw secret that took part: API keys (issued, rotated, made up) and client secrets. */
const secrets = new Set<string>([CLIENT_SECRET, WRONG_SECRET]);
const counts = { logs: 0, events: 0, errors: 0, answers: 0, cli: 0 };

function serialiseError(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (typeof current === "object") {
      const own = Object.fromEntries(
        Object.getOwnPropertyNames(current).map((name) => [
          name,
          (current as Record<string, unknown>)[name],
        ]),
      );
      parts.push(JSON.stringify(current), safeJson(own));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? ""
    );
  } catch {
    return inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true });
  }
}

function keep(where: string, value: unknown): void {
  observed.push({
    where,
    text: `${safeJson(value)}\n${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}`,
  });
}

function keepError(where: string, error: unknown): void {
  counts.errors += 1;
  observed.push({ where, text: serialiseError(error) });
}

const logger: Logger = Object.fromEntries(
  (["debug", "info", "warn", "error"] as const).map((level) => [
    level,
    (obj: Record<string, unknown>, msg?: string) => {
      counts.logs += 1;
      keep(`log.${level}`, { obj, msg });
    },
  ]),
) as Logger;

function onVerify(event: unknown): void {
  counts.events += 1;
  keep("onVerify", event);
}

/** Runs `work`, keeping its error (if any) and whatever it resolves to unless told not to. */
async function attempt<T>(
  where: string,
  work: () => Promise<T> | T,
  keepResult = true,
): Promise<T | undefined> {
  try {
    const value = await work();
    if (keepResult) keep(where, value);
    return value;
  } catch (error) {
    keepError(where, error);
    return undefined;
  }
}

let kinde: RunningFakeKinde;
const fake = () => kinde.fake;

function issue(seed: Parameters<RunningFakeKinde["fake"]["addKey"]>[0] = {}): {
  id: string;
  key: string;
} {
  const issued = fake().addKey(seed);
  secrets.add(issued.key);
  return issued;
}

function client(config: KindeKeysConfig = {}): KindeKeys {
  return createKindeKeys({
    domain: kinde.url,
    clientId: fake().clientId,
    clientSecret: CLIENT_SECRET,
    timeoutMs: 150,
    totalTimeoutMs: 300,
    retry: { limit: 1, maxDelayMs: 20 },
    logger,
    onVerify,
    env: {},
    ...config,
  });
}

const VERIFY_FAULTS: FaultSpec[] = [
  { type: "status", status: 500 },
  { type: "status", status: 429, headers: { "Retry-After": "1" } },
  { type: "status", status: 401 },
  { type: "status", status: 403 },
  { type: "status", status: 400 },
  { type: "hang" },
  { type: "reset" },
  { type: "non-json" },
  { type: "body", body: { is_valid: "yes", api_key: "echo" } },
  { type: "body", body: { is_valid: true, status: "revoked", key_id: "api_key_x" } },
  { type: "body", body: { is_valid: true, status: "active" } },
];

beforeAll(async () => {
  kinde = await startFakeKinde({ clientSecret: CLIENT_SECRET });
});

afterAll(async () => {
  await kinde?.close();
});

it("no raw API key or client secret appears in any log, event, error or answer", {
  timeout: 60_000,
}, async () => {
  const valid = issue({ orgCode: "org_a", userId: "kp_u", scopes: ["read", "write"] });
  const userKey = issue({ userId: "kp_user", scopes: ["read"] });
  const revoked = issue({ scopes: ["read"], status: "revoked" });
  const inactive = issue({ scopes: ["read"], status: "inactive" });
  const unknown = `k_live_${randomBytes(16).toString("hex")}`;
  secrets.add(unknown);

  // Core: every key outcome, with and without the cache.
  for (const cache of [undefined, false] as const) {
    const kindeClient = client(cache === false ? { cache: false } : {});
    for (const key of [
      valid.key,
      userKey.key,
      revoked.key,
      inactive.key,
      unknown,
      `${valid.key}!`,
      "",
      undefined,
    ]) {
      await attempt("verify", () => kindeClient.verify(key));
      await attempt("authorize", () =>
        authorize(
          kindeClient,
          { headers: { authorization: `Bearer ${key}` } },
          { scopes: ["read"] },
        ),
      );
    }
    await attempt("authorize.x-api-key", () =>
      authorize(
        kindeClient,
        { headers: { "x-api-key": valid.key } },
        { header: "x-api-key", scopes: ["admin"] },
      ),
    );
    await attempt("authorize.org", () =>
      authorize(kindeClient, {
        headers: { authorization: `Bearer ${valid.key}` },
        orgCode: "org_b",
      }),
    );
    await attempt("invalidate", () => kindeClient.invalidate(valid.key));
  }

  // Core: failed-attempt throttling (counting, 429, a failing store) and hooks that reject or
  // answer junk; their log lines name no key.
  {
    const kindeClient = client({
      onVerify: async (event) => {
        onVerify(event);
        throw new Error("metrics backend down");
      },
    });
    const throttle = { limit: 1, windowMs: 1000, clientKey: () => "client-1" };
    const broken = {
      consume: () => Promise.reject(new Error("store down")),
      peek: () => Promise.reject(new Error("store down")),
    };
    for (const failedAttempts of [throttle, { ...throttle, store: broken }]) {
      for (const key of [unknown, `${unknown}!`, valid.key]) {
        await attempt("authorize.failedAttempts", () =>
          authorize(
            kindeClient,
            { headers: { authorization: `Bearer ${key}` } },
            {
              failedAttempts,
              onError: (() => Promise.reject(new Error("hook down"))) as never,
            },
          ),
        );
      }
    }
  }

  // Core: every Kinde fault on verify, then on the token endpoint.
  for (const fault of VERIFY_FAULTS) {
    fake().clearFaults();
    const kindeClient = client({ cache: false });
    fake().inject({ endpoint: "verify", ...fault } as FakeFault);
    await attempt(`verify fault ${fault.type}`, () => kindeClient.verify(valid.key));
    await attempt(`authorize fault ${fault.type}`, () =>
      authorize(kindeClient, { headers: { authorization: `Bearer ${valid.key}` } }),
    );
  }
  for (const fault of [
    { type: "status", status: 503 },
    { type: "status", status: 400 },
    { type: "hang" },
    { type: "reset" },
    { type: "non-json" },
    { type: "body", body: { token: "x" } },
  ] as FaultSpec[]) {
    fake().clearFaults();
    const kindeClient = client({ cache: false });
    fake().inject({ endpoint: "token", ...fault } as FakeFault);
    await attempt(`token fault ${fault.type}`, () => kindeClient.verify(valid.key));
  }
  fake().clearFaults();
  {
    const kindeClient = client({ cache: false });
    await attempt("warm", () => kindeClient.verify(valid.key));
    fake().expireTokens();
    fake().inject({ endpoint: "token", type: "status", status: 500 });
    await attempt("token rejected mid-flight", () => kindeClient.verify(valid.key));
    fake().clearFaults();
  }

  // Kinde's health: setup answers, the circuit breaker, the budget, stale acceptance, a domain
  // Kinde does not serve. Each logs a change of state; none may carry a key or the secret.
  for (const answer of ["bare-401", "error-401", "error-404"] as const) {
    fake().setUnknownKeyAnswer(answer);
    await attempt(`unknown key (${answer})`, () => client({ cache: false }).verify(unknown));
  }
  fake().setUnknownKeyAnswer("is-valid-false");
  for (const fault of [{ type: "route-not-found" }, { type: "bare-401" }] as FaultSpec[]) {
    fake().clearFaults();
    fake().inject({ endpoint: "verify", ...fault } as FakeFault);
    await attempt(`verify fault ${fault.type}`, () => client({ cache: false }).verify(valid.key));
  }
  fake().clearFaults();
  {
    const kindeClient = client({
      cache: { ttlMs: 1, staleIfErrorMs: 60_000 },
      breaker: { threshold: 1, backoffMs: 60_000 },
      retry: { limit: 0 },
    });
    await attempt("stale: seen valid", () => kindeClient.verify(valid.key));
    await new Promise((resolve) => setTimeout(resolve, 5));
    fake().inject({ endpoint: "verify", type: "status", status: 503 });
    await attempt("breaker opens", () => kindeClient.verify(unknown));
    await attempt("stale accepted", () =>
      authorize(kindeClient, { headers: { authorization: `Bearer ${valid.key}` } }),
    );
    await attempt("circuit open", () => kindeClient.verify(unknown));
    fake().clearFaults();
  }
  {
    const kindeClient = client({ cache: false, verifyBudget: { burst: 1, perSecond: 0.001 } });
    await attempt("budget: first", () => kindeClient.verify(unknown));
    await attempt("budget exhausted", () =>
      authorize(kindeClient, { headers: { authorization: `Bearer ${unknown}` } }),
    );
  }
  await attempt(
    "domain warning",
    () =>
      createKindeKeys({
        domain: "auth.example.com",
        clientId: "id",
        clientSecret: CLIENT_SECRET,
        logger,
        env: {},
      }),
    false,
  );

  // A wrong client secret, given directly and through the environment.
  await attempt("wrong secret", () =>
    client({ clientSecret: WRONG_SECRET, cache: false }).verify(valid.key),
  );
  await attempt("wrong secret (env)", () =>
    authorize(
      createKindeKeys({
        env: {
          KINDE_DOMAIN: kinde.url,
          KINDE_M2M_CLIENT_ID: fake().clientId,
          KINDE_M2M_CLIENT_SECRET: WRONG_SECRET,
        },
        logger,
        onVerify,
      }),
      { headers: { authorization: `Bearer ${valid.key}` } },
    ),
  );
  await attempt("wrong client id", () =>
    client({ clientId: `id_${CLIENT_SECRET}`, cache: false }).verify(valid.key),
  );

  // Configuration errors, each with the secret present in the settings.
  const badConfigs: KindeKeysConfig[] = [
    { domain: "http://kinde.example.com", clientId: "id", clientSecret: CLIENT_SECRET },
    {
      domain: `https://user:${CLIENT_SECRET}@kinde.example.com`,
      clientId: "id",
      clientSecret: CLIENT_SECRET,
    },
    { domain: `not a domain ${CLIENT_SECRET}`, clientId: "id", clientSecret: CLIENT_SECRET },
    { domain: "acme.kinde.com", clientSecret: CLIENT_SECRET, env: {} },
    { domain: "acme.kinde.com", clientId: "id", env: {} },
    { domain: "acme.kinde.com", clientId: "id", clientSecret: CLIENT_SECRET, timeoutMs: -1 },
    {
      domain: "acme.kinde.com",
      clientId: "id",
      clientSecret: CLIENT_SECRET,
      retry: { limit: 1.5 },
    },
    { env: { KINDE_M2M_CLIENT_SECRET: CLIENT_SECRET } },
  ];
  for (const config of badConfigs) {
    await attempt("config", () => createKindeKeys({ env: {}, ...config }), false);
    await attempt(
      "config (express)",
      () => expressKindeApiKey({ env: {}, ...config } as AdapterOptions),
      false,
    );
    await attempt(
      "config (koa)",
      () => koaKindeApiKey({ env: {}, ...config } as Parameters<typeof koaKindeApiKey>[0]),
      false,
    );
    await attempt(
      "config (hono)",
      () => honoKindeApiKey({ env: {}, ...config } as Parameters<typeof honoKindeApiKey>[0]),
      false,
    );
  }
  await attempt(
    "rate-limit options",
    () => createAuthorizer(client(), { rateLimit: { limit: 0, windowMs: 1 } }),
    false,
  );

  // Broken hooks and stores: their failures are logged, the key must not be.
  {
    const broken = {
      get: () => {
        throw new Error("cache store down");
      },
      set: () => Promise.reject(new Error("cache store down")),
      delete: () => {},
    };
    const kindeClient = client({
      cache: { store: broken },
      onVerify: (event) => {
        onVerify(event);
        throw new Error("onVerify hook failed");
      },
    });
    await attempt("broken cache + hook", () => kindeClient.verify(valid.key));
    await attempt("broken rate-limit store", () =>
      authorize(
        kindeClient,
        { headers: { authorization: `Bearer ${valid.key}` } },
        {
          rateLimit: {
            limit: 5,
            windowMs: 60_000,
            store: { consume: () => Promise.reject(new Error("store down")) },
          },
        },
      ),
    );
  }

  // Rate limits.
  {
    const kindeClient = client();
    const authorize = createAuthorizer(kindeClient, { rateLimit: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 3; i += 1)
      await attempt("rate limit", () =>
        authorize({ headers: { authorization: `Bearer ${valid.key}` } }),
      );
  }

  // Management calls: the secrets they return are the point of create/rotate, so only their
  // errors, logs and the other calls' answers are kept.
  {
    // Room for a busy machine: these calls must succeed for their secrets to be searched for.
    const kindeClient = client({ timeoutMs: 2_000, totalTimeoutMs: 4_000 });
    const keys = createKeyManager(kindeClient);
    const created = await attempt(
      "keys.create",
      () =>
        keys.create({
          name: "hygiene",
          apiId: "api_fake",
          orgCode: "org_a",
          scopeIds: ["read"],
        }),
      false,
    );
    if (created) secrets.add(created.key);
    await attempt("keys.list", async () => {
      const all = [];
      for await (const info of keys.list({ pageSize: 2 })) all.push(info);
      return all;
    });
    await attempt("keys.get", () => keys.get(valid.id));
    await attempt("keys.get unknown", () => keys.get("api_key_nope"));
    await attempt("keys.get bad id", () => keys.get(`../${valid.key}`));
    const rotated = await attempt("keys.rotate", () => keys.rotate(userKey.id), false);
    if (rotated) secrets.add(rotated.key);
    await attempt("verify rotated-away", () => kindeClient.verify(userKey.key));
    await attempt("keys.rotate unknown", () => keys.rotate("api_key_nope"), false);
    await attempt("keys.delete unknown", () => keys.delete("api_key_nope"));
    const named = await attempt(
      "keys.create with scope names",
      () => keys.create({ name: "n", apiId: "api_fake", scopes: ["read"], userId: "kp_1" }),
      false,
    );
    if (named) secrets.add(named.key);
    await attempt("keys.create unknown scope name", () =>
      keys.create({ name: "n", apiId: "api_fake", scopes: ["nope"], userId: "kp_1" }),
    );
    const rolled = await attempt("keys.rollover", () => keys.rollover(valid.id), false);
    if (rolled) secrets.add(rolled.key);
    await attempt("keys.rollover unknown", () => keys.rollover("api_key_nope"), false);
    await attempt("apiId refusal", () =>
      authorize(
        kindeClient,
        { headers: { authorization: `Bearer ${valid.key}` } },
        { apiId: "api_other" },
      ),
    );
    for (const secret of [CLIENT_SECRET, WRONG_SECRET]) {
      await attempt(`doctor (${secret === CLIENT_SECRET ? "right" : "wrong"} secret)`, () =>
        checkKindeSetup(client({ clientSecret: secret }), { management: true, apiId: "api_fake" }),
      );
    }
    expect(rolled, "keys.rollover succeeded").toBeDefined();
    expect(created, "keys.create succeeded").toBeDefined();
    expect(rotated, "keys.rotate succeeded").toBeDefined();
    const faulty = createKeyManager(client());
    for (const fault of VERIFY_FAULTS.slice(0, 8)) {
      fake().clearFaults();
      fake().inject({ endpoint: "management", ...fault } as FakeFault);
      await attempt(`keys.list fault ${fault.type}`, async () => {
        for await (const info of faulty.list()) keep("keys.list item", info);
      });
      await attempt(
        `keys.create fault ${fault.type}`,
        () => faulty.create({ name: "x", apiId: "api_fake", environment: true }),
        false,
      );
    }
    fake().clearFaults();
    await attempt("keys (wrong secret)", () =>
      createKeyManager(client({ clientSecret: WRONG_SECRET })).get(valid.id),
    );
    const narrow = await startFakeKinde({
      clientSecret: CLIENT_SECRET,
      clientScopes: ["read:api_keys"],
    });
    try {
      const narrowClient = createKindeKeys({
        domain: narrow.url,
        clientId: narrow.fake.clientId,
        clientSecret: CLIENT_SECRET,
        logger,
        env: {},
      });
      await attempt("keys.create without scope", () =>
        createKeyManager(narrowClient).create({ name: "x", apiId: "a", environment: true }),
      );
      await attempt("keys.rollover without read:api_scopes", () =>
        createKeyManager(narrowClient).rollover(valid.id),
      );
      await attempt("doctor without scopes", () =>
        checkKindeSetup(narrowClient, { management: true, apiId: "api_fake" }),
      );
    } finally {
      await narrow.close();
    }
  }

  // AIApplication: authenticated, refused keys, Kinde down, a failing provider.
  {
    const kindeClient = client();
    const provider = createLocalAIProvider();
    for (const key of [valid.key, revoked.key, unknown, undefined]) {
      const ai = new AIApplication(key, {
        client: kindeClient,
        provider,
        scopes: ["read"],
        logger,
        onUsage: (event) => keep("ai onUsage", event),
      });
      keep("ai (fresh)", ai);
      await attempt("ai.authenticate", () => ai.authenticate());
      keep("ai (after authenticate)", ai);
      await attempt("ai.process", () =>
        ai.processAIRequest("Summarise <script>alert(1)</script> please", { tickets: [1, 2] }),
      );
    }
    fake().inject({ endpoint: "verify", type: "status", status: 503 });
    const down = new AIApplication(valid.key, {
      client: client({ cache: false }),
      provider,
      logger,
    });
    keep("ai (kinde down)", down);
    await attempt("ai.authenticate (kinde down)", () => down.authenticate());
    keep("ai (kinde down, after)", down);
    fake().clearFaults();
    const failing = new AIApplication(valid.key, {
      client: kindeClient,
      provider: async () => {
        throw new Error("provider exploded");
      },
      logger,
      slowThresholdMs: 0,
    });
    await attempt("ai.authenticate (failing provider)", () => failing.authenticate());
    await attempt("ai.process (failing provider)", () => failing.processAIRequest("hello", {}));
    const verified = await kindeClient.verify(valid.key);
    if (verified.valid) {
      const reused = AIApplication.fromVerified(verified.key, {
        provider,
        logger,
        slowThresholdMs: 0,
      });
      await attempt("ai.fromVerified", () => reused.processAIRequest("hello", { a: 1 }));
    }
  }

  // The adapters: every answer's body and headers, and every audit event (kept, and logged).
  const logged = auditLogger(logger);
  const audit = (event: AuditEvent) => {
    counts.events += 1;
    keep("audit event", event);
    logged(event);
  };
  for (const framework of FRAMEWORKS) {
    const shared = client({ cache: false });
    const drivers = [
      await createDriver(framework, { client: shared, scopes: ["read"], audit }),
      await createDriver(framework, {
        client: shared,
        scopes: ["admin"],
        rateLimit: { limit: 1, windowMs: 60_000 },
        audit,
      }),
      await createDriver(framework, {
        client: shared,
        header: "x-api-key",
        orgCode: "org_z",
        audit,
      }),
      await createDriver(framework, {
        client: client({ clientSecret: WRONG_SECRET, cache: false }),
      }),
      await createDriver(framework, {
        domain: kinde.url,
        clientId: fake().clientId,
        clientSecret: CLIENT_SECRET,
        logger,
        onVerify,
        env: {},
      } as AdapterOptions),
    ];
    const requests: RequestHeaders[] = [
      { authorization: `Bearer ${valid.key}` },
      { authorization: `Bearer ${revoked.key}` },
      { authorization: `Bearer ${inactive.key}` },
      { authorization: `Bearer ${unknown}` },
      { authorization: `Bearer ${valid.key} ${valid.key}` },
      { authorization: `Basic ${valid.key}` },
      { authorization: [`Bearer ${valid.key}`, `Bearer ${unknown}`] },
      { "x-api-key": valid.key },
      { "x-api-key": `${valid.key}, ${unknown}` },
      {},
    ];
    for (const driver of drivers) {
      for (const headers of requests) {
        const answer = await attempt(`${framework} answer`, () => driver.send(headers));
        if (answer) counts.answers += 1;
      }
      for (const fault of VERIFY_FAULTS.slice(0, 8)) {
        fake().clearFaults();
        fake().inject({ endpoint: "verify", ...fault } as FakeFault);
        const answer = await attempt(`${framework} fault ${fault.type}`, () =>
          driver.send({ authorization: `Bearer ${valid.key}` }),
        );
        if (answer) counts.answers += 1;
      }
      fake().clearFaults();
      await driver.close();
    }
    // Hono builds its client on the first request (Workers bindings), so bad settings surface there.
    if (framework === "hono") {
      const misconfigured = await createDriver("hono", {
        domain: "http://kinde.example.com",
        clientId: "id",
        clientSecret: CLIENT_SECRET,
        env: {},
      } as AdapterOptions);
      await attempt("hono misconfigured", () =>
        misconfigured.send({ authorization: `Bearer ${valid.key}` }),
      );
      counts.answers += 1;
    }
  }

  // The CLI, as a separate process with the credentials in its environment.
  const cliEnv = {
    ...process.env,
    NO_COLOR: "1",
    KINDE_DOMAIN: kinde.url,
    KINDE_MANAGEMENT_CLIENT_ID: fake().clientId,
    KINDE_MANAGEMENT_CLIENT_SECRET: CLIENT_SECRET,
  };
  const cliRuns: { args: string[]; stdin?: string; env?: Record<string, string> }[] = [
    { args: ["verify", "--json", "-"], stdin: valid.key },
    { args: ["verify", "-"], stdin: unknown },
    { args: ["verify", "--json", "-"], stdin: revoked.key },
    {
      args: ["verify", "--json", "-"],
      stdin: valid.key,
      env: { KINDE_MANAGEMENT_CLIENT_SECRET: WRONG_SECRET },
    },
    {
      args: ["verify", "-"],
      stdin: valid.key,
      env: { KINDE_DOMAIN: `http://user:${CLIENT_SECRET}@kinde.example.com` },
    },
    { args: ["list", "--json"] },
    { args: ["get", valid.id] },
    { args: ["revoke", "api_key_nope"] },
  ];
  for (const run of cliRuns) {
    const output = await new Promise<string>((resolve) => {
      const child = execFile(
        kindeCli,
        run.args,
        { env: { ...cliEnv, ...run.env }, timeout: 20_000 },
        (error, stdout, stderr) =>
          resolve(`${stdout}\n${stderr}\n${error ? `exit ${error.code}` : "exit 0"}`),
      );
      child.stdin?.end(run.stdin ?? "");
    });
    counts.cli += 1;
    observed.push({ where: `cli ${run.args.join(" ")}`, text: output });
  }

  const leaks: string[] = [];
  for (const { where, text } of observed) {
    for (const secret of secrets) {
      if (secret && text.includes(secret)) leaks.push(`${where}: contains ${secret.slice(0, 8)}…`);
    }
  }
  console.log(
    `secret hygiene: ${observed.length} observations (${counts.logs} log calls, ${counts.events} onVerify events, ${counts.errors} errors, ${counts.answers} adapter answers, ${counts.cli} CLI runs) searched for ${secrets.size} secrets: ${leaks.length} leaks`,
  );
  expect(leaks).toEqual([]);
  // The run must really have exercised each channel.
  expect(counts.logs).toBeGreaterThan(5);
  expect(counts.events).toBeGreaterThan(20);
  expect(counts.errors).toBeGreaterThan(20);
  expect(counts.answers).toBeGreaterThan(100);
});
