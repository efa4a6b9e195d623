/**
 * Secret hygiene (DESIGN §2 "Secrets"): across many scenarios, good and bad, neither the raw API key
 * nor the M2M client secret appears in a thrown error (message, stack, cause chain, hidden
 * properties), a result, a refusal, an `onVerify` event or a log line.
 */

import { inspect } from "node:util";
import { startFakeKinde } from "@acme/kinde-keys-testing";
import { describe, expect, it } from "vitest";
import { bearer, captureLogger, settle, setupFakeKinde } from "../test/helpers.ts";
import type { KindeKeysConfig } from "./client.ts";
import type { CacheStore } from "./kinde/cache.ts";
import { authorize } from "./request/authorize.ts";
import type { VerifyEvent } from "./types.ts";

// Captured before MSW patches `fetch`, for the scenarios that use a real loopback socket.
const realFetch = globalThis.fetch;

const CLIENT_SECRET = "cs_hygiene_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const WRONG_SECRET = "cs_wrong_99887766554433221100ffeeddccbbaa";
const { fake, createKinde } = setupFakeKinde({ clientSecret: CLIENT_SECRET });

/** Everything a scenario produced that a user could log, print or send. */
interface Evidence {
  readonly artefacts: unknown[];
}

/** Every form in which a secret would be recognisable. */
function secretForms(secret: string): string[] {
  // The part a redacted hint never shows: the secret without its type prefix and last 4 chars.
  const hidden = secret.replace(/^(?:[A-Za-z]{1,8}_){1,2}/, "").slice(0, -4);
  return [secret, hidden, encodeURIComponent(secret), btoa(secret)];
}

/** JSON with Errors expanded: every own property, enumerable or not, `cause` chains included. */
function toJson(value: unknown): string {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_key, current: unknown) => {
    if (typeof current === "object" && current !== null) {
      if (seen.has(current)) return "[circular]";
      seen.add(current);
    }
    if (current instanceof Error) {
      const expanded: Record<string, unknown> = {};
      for (const name of Object.getOwnPropertyNames(current)) {
        expanded[name] = (current as unknown as Record<string, unknown>)[name];
      }
      expanded.name = current.name;
      return expanded;
    }
    if (current instanceof Headers) return Object.fromEntries(current);
    if (typeof current === "bigint" || typeof current === "function") return String(current);
    return current;
  });
  return text ?? String(value);
}

function serialisations(value: unknown): string[] {
  return [
    toJson(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    String(value),
  ];
}

function expectNoSecret(evidence: Evidence, secrets: readonly string[]): void {
  for (const artefact of evidence.artefacts) {
    for (const text of serialisations(artefact)) {
      for (const secret of secrets) {
        for (const form of secretForms(secret)) {
          if (text.includes(form)) {
            throw new Error(`secret leaked (${form.slice(0, 6)}…) in:\n${text.slice(0, 2_000)}`);
          }
        }
      }
    }
  }
}

/** Runs verify and authorize for `apiKey` with a capturing logger and onVerify; keeps everything. */
async function collect(apiKey: string, config: KindeKeysConfig = {}): Promise<Evidence> {
  const { logger, lines } = captureLogger();
  const events: VerifyEvent[] = [];
  const onErrorArgs: unknown[] = [];
  const kinde = createKinde({
    logger,
    onVerify: (event) => events.push(event),
    timeoutMs: 100,
    ...config,
  });
  const artefacts: unknown[] = [];
  const verified = await settle(kinde.verify(apiKey));
  artefacts.push(verified.ok ? verified.value : verified.error);
  const authorized = await authorize(
    kinde,
    { headers: bearer(apiKey) },
    {
      scopes: ["admin"],
      orgCode: "org_other",
      rateLimit: { limit: 1, windowMs: 60_000 },
      onError: (denial, error) => {
        onErrorArgs.push(error);
        return denial;
      },
    },
  );
  artefacts.push(
    authorized,
    await authorize(kinde, { headers: { authorization: `Bearer ${apiKey} x` } }),
  );
  artefacts.push(
    await authorize(kinde, { headers: { "x-api-key": `${apiKey}!` } }, { header: "x-api-key" }),
  );
  await kinde.invalidate(apiKey);
  artefacts.push(...onErrorArgs, ...events, ...lines, kinde);
  return { artefacts };
}

interface Scenario {
  readonly name: string;
  readonly arrange?: () => void;
  readonly config?: KindeKeysConfig;
  readonly key?: "known" | "unknown" | "revoked";
}

const throwingStore: CacheStore = {
  get: (hash) => {
    throw new Error(`store get failed for ${hash}`);
  },
  set: (hash) => Promise.reject(new Error(`store set failed for ${hash}`)),
  delete: () => {
    throw new Error("store delete failed");
  },
  deleteKeyId: () => {
    throw new Error("store delete failed");
  },
};

const scenarios: Scenario[] = [
  { name: "a valid key" },
  { name: "a revoked key", key: "revoked" },
  { name: "an unknown key (200 is_valid false)", key: "unknown" },
  {
    name: "an unknown key (400)",
    key: "unknown",
    arrange: () => fake.setUnknownKeyAnswer("error-400"),
  },
  {
    name: "an unknown key (404)",
    key: "unknown",
    arrange: () => fake.setUnknownKeyAnswer("error-404"),
  },
  {
    name: "verify 500",
    arrange: () => fake.inject({ endpoint: "verify", type: "status", status: 500 }),
  },
  {
    name: "verify 429 with Retry-After",
    arrange: () =>
      fake.inject({
        endpoint: "verify",
        type: "status",
        status: 429,
        headers: { "Retry-After": "1" },
      }),
  },
  {
    name: "verify 403 (missing read:api_keys)",
    arrange: () => fake.inject({ endpoint: "verify", type: "status", status: 403 }),
  },
  {
    name: "verify 401 twice",
    arrange: () => fake.inject({ endpoint: "verify", type: "status", status: 401 }),
  },
  {
    name: "verify 409",
    arrange: () => fake.inject({ endpoint: "verify", type: "status", status: 409 }),
  },
  {
    name: "verify 418",
    arrange: () => fake.inject({ endpoint: "verify", type: "status", status: 418 }),
  },
  { name: "verify hangs", arrange: () => fake.inject({ endpoint: "verify", type: "hang" }) },
  { name: "verify resets", arrange: () => fake.inject({ endpoint: "verify", type: "reset" }) },
  {
    name: "verify answers HTML",
    arrange: () => fake.inject({ endpoint: "verify", type: "non-json" }),
  },
  {
    name: "verify answers a schema violation",
    arrange: () =>
      fake.inject({ endpoint: "verify", type: "body", body: { is_valid: "true", scopes: [1] } }),
  },
  {
    name: "verify redirects",
    arrange: () =>
      fake.inject({
        endpoint: "verify",
        type: "status",
        status: 307,
        headers: { location: "https://x.test/" },
      }),
  },
  { name: "a wrong client secret", config: { clientSecret: WRONG_SECRET } },
  {
    name: "token endpoint 500",
    arrange: () => fake.inject({ endpoint: "token", type: "status", status: 500 }),
  },
  {
    name: "token endpoint 400",
    arrange: () => fake.inject({ endpoint: "token", type: "status", status: 400 }),
  },
  { name: "token endpoint hangs", arrange: () => fake.inject({ endpoint: "token", type: "hang" }) },
  {
    name: "token endpoint resets",
    arrange: () => fake.inject({ endpoint: "token", type: "reset" }),
  },
  {
    name: "token endpoint answers HTML",
    arrange: () => fake.inject({ endpoint: "token", type: "non-json" }),
  },
  {
    name: "expired tokens",
    arrange: () => fake.expireTokens(),
  },
  { name: "a cache store that throws", config: { cache: { store: throwingStore } } },
  {
    name: "an onVerify that throws",
    config: {
      onVerify: () => {
        throw new Error("metrics down");
      },
    },
  },
];

describe("no secret in anything a user can see", () => {
  it("the check itself finds a planted secret (it is not vacuous)", () => {
    const planted = {
      artefacts: [new Error("x", { cause: { body: `{"api_key":"${CLIENT_SECRET}"}` } })],
    };
    expect(() => expectNoSecret(planted, [CLIENT_SECRET])).toThrow(/secret leaked/);
    const hidden = new Error("y");
    Object.defineProperty(hidden, "options", {
      value: { json: { api_key: "k_live_abcdefabcdefabcdef1234" } },
    });
    expect(() =>
      expectNoSecret({ artefacts: [hidden] }, ["k_live_abcdefabcdefabcdef1234"]),
    ).toThrow();
  });

  it.each(scenarios)("$name", async ({ arrange, config, key = "known" }) => {
    const issued = fake.addKey({ orgCode: "org_a", scopes: ["read"] });
    if (key === "revoked") fake.revokeKey(issued.id);
    const apiKey =
      key === "unknown" ? `k_live_${crypto.randomUUID().replaceAll("-", "")}` : issued.key;
    arrange?.();
    const evidence = await collect(apiKey, config);
    expectNoSecret(evidence, [apiKey, CLIENT_SECRET, WRONG_SECRET]);
  });

  it("an aborted verify", async () => {
    const { key } = fake.addKey();
    fake.setLatency(50);
    const kinde = createKinde();
    const controller = new AbortController();
    const pending = settle(kinde.verify(key, { signal: controller.signal }));
    controller.abort();
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    expectNoSecret({ artefacts: [outcome] }, [key, CLIENT_SECRET]);
  });
});

describe("over a real loopback socket", () => {
  it.each([
    ["a connection reset", "reset"],
    ["a hang", "hang"],
  ] as const)("%s", async (_, type) => {
    const running = await startFakeKinde({ clientSecret: CLIENT_SECRET });
    try {
      const { key } = running.fake.addKey();
      running.fake.inject({ endpoint: "verify", type });
      const { logger, lines } = captureLogger();
      const events: VerifyEvent[] = [];
      const kinde = createKinde({
        domain: running.url,
        fetch: realFetch,
        logger,
        onVerify: (event) => events.push(event),
        timeoutMs: 100,
        retry: { limit: 1, maxDelayMs: 5 },
      });
      const outcome = await settle(kinde.verify(key));
      expect(outcome.ok).toBe(false);
      const denial = await authorize(kinde, { headers: bearer(key) });
      expect(denial.ok).toBe(false);
      expectNoSecret({ artefacts: [outcome, denial, ...events, ...lines] }, [key, CLIENT_SECRET]);
    } finally {
      await running.close();
    }
  });

  it("a wrong client secret", async () => {
    const running = await startFakeKinde({ clientSecret: CLIENT_SECRET });
    try {
      const { key } = running.fake.addKey();
      const kinde = createKinde({
        domain: running.url,
        fetch: realFetch,
        clientSecret: WRONG_SECRET,
      });
      const outcome = await settle(kinde.verify(key));
      expect(outcome.ok).toBe(false);
      expectNoSecret({ artefacts: [outcome] }, [key, WRONG_SECRET, CLIENT_SECRET]);
    } finally {
      await running.close();
    }
  });
});
