/**
 * The built files as users load them: `require()` of `dist/index.cjs` (ky bundled in) and `import()`
 * of `dist/index.js`, each verifying a key against the fake Kinde over real loopback HTTP, with
 * `#hash` resolved by Node through the package's `imports` conditions (node → hash.node); and the
 * `/management` and `/ai` entry points working with a client from the main one, in either format.
 * Run after the build.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
// Node's own CommonJS loader: the test runner does not transform what this loads.
const nodeRequire = createRequire(import.meta.url);

let running: RunningFakeKinde;
beforeAll(async () => {
  running = await startFakeKinde();
});
afterAll(() => running.close());

describe("the build exists", () => {
  it.each([
    "index.js",
    "index.cjs",
    "index.d.ts",
    "index.d.cts",
    "management.js",
    "management.cjs",
    "management.d.ts",
    "management.d.cts",
    "ai.js",
    "ai.cjs",
    "ai.d.ts",
    "ai.d.cts",
    "hash.node.js",
    "hash.node.cjs",
    "hash.web.js",
    "hash.web.cjs",
    "adapter.js",
    "adapter.cjs",
    "adapter.d.ts",
    "adapter.d.cts",
  ])("dist/%s", (file) => {
    expect(existsSync(dist(file))).toBe(true);
  });
});

describe("require(dist/index.cjs)", () => {
  type Core = typeof import("../src/index.ts");
  const core = () => nodeRequire(dist("index.cjs")) as Core;

  it("bundles ky (ESM-only) instead of requiring it", () => {
    // The entry points share their code through chunks, which index.cjs requires.
    const chunks = [
      ...readFileSync(dist("index.cjs"), "utf8").matchAll(/require\(["']\.\/([^"']+)["']\)/g),
    ];
    const source = ["index.cjs", ...chunks.map((match) => match[1] as string)]
      .map((file) => readFileSync(dist(file), "utf8"))
      .join("\n");
    expect(source).not.toMatch(/require\(["']ky["']\)/);
    expect(source).toMatch(/require\(["']#hash["']\)/);
  });

  it("shares one copy of the client with the adapter kit", () => {
    const kit = nodeRequire(dist("adapter.cjs")) as typeof import("../src/adapter/index.ts");
    let thrown: unknown;
    try {
      kit.createGate({ env: {} }, kit.nodeAccess);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(core().KindeKeysError);
  });

  it("resolves #hash to hash.node.cjs under the node and require conditions", () => {
    expect(nodeRequire.resolve("#hash")).toBe(dist("hash.node.cjs"));
  });

  it("verifies a key over loopback HTTP", async () => {
    const { id, key } = running.fake.addKey({ orgCode: "org_cjs", scopes: ["read"] });
    const kinde = core().createKindeKeys(running.fake.clientConfig({ env: {} }));
    const result = await kinde.verify(key);
    expect(result).toMatchObject({ valid: true, key: { keyId: id, orgCode: "org_cjs" } });
    const refused = await core().authorize(
      kinde,
      { headers: { authorization: `Bearer ${key}` } },
      { scopes: ["write"] },
    );
    expect(refused.ok === false && refused.status).toBe(403);
  });

  it("throws its own KindeKeysError for bad config", () => {
    const { createKindeKeys, isKindeKeysError, KindeKeysError } = core();
    let thrown: unknown;
    try {
      createKindeKeys({ env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KindeKeysError);
    expect(isKindeKeysError(thrown) && thrown.code).toBe("CONFIG_INVALID");
  });
});

describe("the /management and /ai entry points, built", () => {
  type Core = typeof import("../src/index.ts");
  type Management = typeof import("../src/management/index.ts");
  type AI = typeof import("../src/ai/index.ts");
  const config = () => ({
    domain: running.url,
    clientId: running.fake.clientId,
    clientSecret: running.fake.clientSecret,
    env: {},
  });

  it("require: createKeyManager works on a client from index.cjs, and its errors are core's class", async () => {
    const core = nodeRequire(dist("index.cjs")) as Core;
    const { createKeyManager } = nodeRequire(dist("management.cjs")) as Management;
    const keys = createKeyManager(core.createKindeKeys(config()));
    const { id } = running.fake.addKey({ orgCode: "org_cjs_keys" });
    expect((await keys.get(id))?.orgCode).toBe("org_cjs_keys");
    // Shared chunks, not a copy per entry: `instanceof` holds across entry points.
    let thrown: unknown;
    try {
      await keys.get("../not-an-id");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(core.KindeKeysError);
    expect(() => createKeyManager({ ...core.createKindeKeys(config()) })).toThrow(TypeError);
  });

  it("import: createKeyManager works on a client from the other format's build too", async () => {
    const esmCore = (await import(/* @vite-ignore */ dist("index.js"))) as Core;
    const esmManagement = (await import(/* @vite-ignore */ dist("management.js"))) as Management;
    const cjsManagement = nodeRequire(dist("management.cjs")) as Management;
    const kinde = esmCore.createKindeKeys(config());
    const { id } = running.fake.addKey({ userId: "kp_esm_keys" });
    expect((await esmManagement.createKeyManager(kinde).get(id))?.userId).toBe("kp_esm_keys");
    expect((await cjsManagement.createKeyManager(kinde).get(id))?.userId).toBe("kp_esm_keys");
  });

  it("the main entry carries neither the key manager nor AI; /ai does", async () => {
    const core = nodeRequire(dist("index.cjs")) as Record<string, unknown>;
    expect(core).not.toHaveProperty("createKeyManager");
    expect(core).not.toHaveProperty("AIApplication");
    const ai = (await import(/* @vite-ignore */ dist("ai.js"))) as AI;
    const { key } = running.fake.addKey({ orgCode: "org_ai" });
    const app = new ai.AIApplication(key, {
      client: (nodeRequire(dist("index.cjs")) as Core).createKindeKeys(config()),
      provider: ai.createLocalAIProvider(),
    });
    await app.authenticate();
    expect(app.contextOwner).toBe("org:org_ai");
  });
});

describe("import(dist/index.js) in a plain Node process", () => {
  it("verifies a key over loopback HTTP, resolves #hash to hash.node.js, and agrees with the CJS copy", async () => {
    const { id, key } = running.fake.addKey({ userId: "kp_esm" });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL("./fixtures/esm-consumer.mjs", import.meta.url))],
      {
        env: {
          ...process.env,
          FAKE_KINDE_URL: running.url,
          FAKE_KINDE_CLIENT_ID: running.fake.clientId,
          FAKE_KINDE_CLIENT_SECRET: running.fake.clientSecret,
          FAKE_KINDE_KEY: key,
        },
        timeout: 20_000,
      },
    );
    const seen = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(seen.result).toMatchObject({
      valid: true,
      key: { keyId: id, owner: { type: "user", userId: "kp_esm" } },
    });
    expect(seen.denial).toEqual({ status: 401, code: "INVALID_KEY" });
    expect(seen.hash).toBe(new URL("../dist/hash.node.js", import.meta.url).href);
    expect(seen.crossCopyInstanceof).toBe(false);
    expect(seen.crossCopyGuard).toBe(true);
  });
});
