/**
 * Release readiness of every published package: publint --strict, attw against the packed tarball,
 * loading by `import` and `require` in plain Node, the package.json promises (sideEffects, engines,
 * peer ranges matching the tested framework versions, README, LICENSE), a snapshot of the public API
 * that must be the same in ESM and CJS, and the changesets set-up.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const here = fileURLToPath(new URL("../", import.meta.url));
const bin = (name: string) => join(root, "node_modules/.bin", name);

interface Manifest {
  name: string;
  private?: boolean;
  version: string;
  type?: string;
  sideEffects?: boolean;
  engines?: Record<string, string>;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files?: string[];
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The package every adapter re-exports from. */
const CORE = "@acme/kinde-keys-core";

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

const packages = readdirSync(join(root, "packages"))
  .map((folder) => ({ folder, dir: join(root, "packages", folder) }))
  .filter(({ dir }) => existsSync(join(dir, "package.json")))
  .map(({ folder, dir }) => ({
    folder,
    dir,
    manifest: readJson<Manifest>(join(dir, "package.json")),
  }))
  .filter(({ manifest }) => !manifest.private);

/** Bin-only packages: nothing to `import` or `require`, only a command. */
const isBinOnly = (manifest: Manifest) =>
  manifest.bin !== undefined &&
  Object.keys(manifest.exports ?? {}).every((key) => key === "./package.json");
const esmOnly = packages
  .filter(({ manifest }) => manifest.bin !== undefined)
  .map(({ manifest }) => manifest.name);

/** Runs `command`, resolving to its output and exit code instead of throwing. */
async function attempt(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failure.code === "number" ? failure.code : 1,
      output: `${failure.stdout ?? ""}${failure.stderr ?? ""}${failure.message}`,
    };
  }
}

/** `^M.m.p` ranges joined by `||`: the only form the peer ranges use. */
function caretParts(range: string): { major: number; minor: number; patch: number }[] {
  return range.split("||").map((part) => {
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`unexpected range form: ${part}`);
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
  });
}

function satisfies(version: string, range: string): boolean {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  return caretParts(range).some(
    (part) =>
      part.major === major && (minor > part.minor || (minor === part.minor && patch >= part.patch)),
  );
}

/** Every devDependency that installs `name`, directly or as an `npm:` alias, with its installed version. */
function testedVersions(dir: string, manifest: Manifest, name: string): string[] {
  return Object.entries(manifest.devDependencies ?? {})
    .filter(([alias, spec]) => alias === name || spec.startsWith(`npm:${name}@`))
    .map(
      ([alias]) =>
        readJson<{ version: string }>(join(dir, "node_modules", alias, "package.json")).version,
    );
}

describe.each(packages)("$manifest.name", ({ folder, dir, manifest }) => {
  it("declares what users rely on: ESM, no side effects, Node >= 22, dist only", () => {
    expect(manifest.type).toBe("module");
    expect(manifest.sideEffects).toBe(false);
    // Node 22 is the oldest supported line; a package may need a later 22.x (commander: 22.12).
    expect(manifest.engines?.node).toMatch(/^>=22(\.\d+){0,2}$/);
    expect(manifest.files).toEqual(["dist"]);
    expect(manifest.exports?.["./package.json"]).toBe("./package.json");
  });

  it("tells the registry where it lives: repository, homepage, bugs, keywords", () => {
    const meta = manifest as Manifest & {
      repository?: { type?: string; url?: string; directory?: string };
      homepage?: string;
      bugs?: { url?: string };
      keywords?: string[];
    };
    expect(meta.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/),
      directory: `packages/${folder}`,
    });
    expect(meta.homepage).toMatch(new RegExp(`/packages/${folder}#readme$`));
    expect(meta.bugs?.url).toMatch(/\/issues$/);
    expect(meta.keywords).toEqual(expect.arrayContaining(["kinde", "api-keys"]));
  });

  it("ships a README and a LICENSE", () => {
    expect(readFileSync(join(dir, "README.md"), "utf8").length).toBeGreaterThan(200);
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(
      readFileSync(join(root, "LICENSE"), "utf8"),
    );
  });

  it("has peer ranges with the majors the tests run against, and the tested versions inside them", () => {
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (peer.startsWith("@acme/")) continue;
      const tested = testedVersions(dir, manifest, peer);
      expect(tested.length, `${peer} is tested`).toBeGreaterThan(0);
      const testedMajors = [
        ...new Set(tested.map((version) => Number(version.split(".")[0]))),
      ].sort();
      const peerMajors = caretParts(range)
        .map((part) => part.major)
        .sort();
      expect(peerMajors, `${peer} majors`).toEqual(testedMajors);
      for (const version of tested)
        expect(satisfies(version, range), `${peer}@${version} in ${range}`).toBe(true);
    }
  });

  it("passes publint --strict", async () => {
    const { code, output } = await attempt(bin("publint"), ["--strict"], dir);
    expect(output).toContain("All good!");
    expect(code, output).toBe(0);
  });

  it("passes attw on the packed tarball", async () => {
    const args = ["--pack", dir, "--format", "ascii"];
    if (esmOnly.includes(manifest.name)) args.push("--profile", "esm-only");
    if (isBinOnly(manifest)) {
      // Types only matter for importable entry points; a bin-only package has none to check.
      expect(manifest.bin).toBeDefined();
      return;
    }
    const { code, output } = await attempt(bin("attw"), args, dir);
    expect(code, output).toBe(0);
  });
});

describe("loading the built packages in plain Node", () => {
  let loaded: {
    packages: Record<
      string,
      { esm?: string[] | string; cjs?: string[] | string; fromCore?: string[] }
    >;
    cjsVerify?: string;
  };

  beforeAll(async () => {
    const importable = packages
      .filter(({ manifest }) => !isBinOnly(manifest))
      .map(({ manifest }) => manifest.name);
    const { stdout } = await run(
      process.execPath,
      [
        join(here, "src/support/load-packages.mjs"),
        JSON.stringify(importable),
        JSON.stringify(esmOnly),
      ],
      { cwd: here },
    );
    loaded = JSON.parse(stdout);
  });

  it("loads every package by import, and by require unless it is ESM-only, with the same exports", () => {
    for (const [name, entry] of Object.entries(loaded.packages)) {
      expect(Array.isArray(entry.esm), `${name} import: ${entry.esm}`).toBe(true);
      if (esmOnly.includes(name)) continue;
      expect(Array.isArray(entry.cjs), `${name} require: ${entry.cjs}`).toBe(true);
      expect(entry.cjs, `${name}: CJS exports equal ESM exports`).toEqual(entry.esm);
    }
  });

  it("verifies a key through the CommonJS build", () => {
    expect(loaded.cjsVerify).toBe("valid");
  });

  it("re-exports core's own values and never shadows a core name", () => {
    const core = loaded.packages[CORE]?.esm as string[];
    for (const [name, entry] of Object.entries(loaded.packages)) {
      if (name === CORE) continue;
      const shadowed = (entry.esm as string[]).filter(
        (key) => core.includes(key) && !entry.fromCore?.includes(key),
      );
      expect(shadowed, `${name}: names of core's that are not core's values`).toEqual([]);
    }
  });

  it("keeps the public API (update deliberately with `vitest -u`)", () => {
    // Core's list is written once; every other package is what it takes from core plus its own.
    const core = loaded.packages[CORE]?.esm as string[];
    const api = Object.fromEntries(
      Object.entries(loaded.packages).map(([name, entry]) => {
        const esm = entry.esm as string[];
        const fromCore = entry.fromCore ?? [];
        if (name === CORE || fromCore.length === 0) return [name, esm];
        return [
          name,
          {
            "core's exports, except": core.filter((key) => !fromCore.includes(key)),
            own: esm.filter((key) => !fromCore.includes(key)),
          },
        ];
      }),
    );
    expect(api).toMatchInlineSnapshot(`
      {
        "@acme/kinde-keys-cli": [
          "CliError",
          "EXIT",
          "createContext",
          "createProgram",
          "processIo",
          "run",
        ],
        "@acme/kinde-keys-core": [
          "KINDE_API_KEY_PATTERN",
          "KindeKeysError",
          "MAX_API_KEY_LENGTH",
          "USAGE_COUNTERS",
          "auditLogger",
          "authorize",
          "checkOwner",
          "checkScopes",
          "createAuditQueue",
          "createKindeKeys",
          "createUsageRecorder",
          "denialResponse",
          "extractApiKey",
          "isKindeKeysError",
          "isWellFormedApiKey",
          "memoryCacheStore",
          "memoryRateLimitStore",
          "memoryUsageStore",
          "redactKey",
          "withKindeApiKey",
        ],
        "@acme/kinde-keys-express": {
          "core's exports, except": [
            "KINDE_API_KEY_PATTERN",
            "MAX_API_KEY_LENGTH",
            "USAGE_COUNTERS",
            "authorize",
            "createAuditQueue",
            "denialResponse",
            "isWellFormedApiKey",
            "withKindeApiKey",
          ],
          "own": [
            "getKindeApiKey",
            "kindeApiKey",
            "requireKindeApiKey",
            "requireScopes",
          ],
        },
        "@acme/kinde-keys-fastify": {
          "core's exports, except": [
            "KINDE_API_KEY_PATTERN",
            "MAX_API_KEY_LENGTH",
            "USAGE_COUNTERS",
            "authorize",
            "createAuditQueue",
            "denialResponse",
            "isWellFormedApiKey",
            "withKindeApiKey",
          ],
          "own": [
            "getKindeApiKey",
            "kindeApiKey",
            "requireKindeApiKey",
            "requireScopes",
          ],
        },
        "@acme/kinde-keys-hono": {
          "core's exports, except": [
            "KINDE_API_KEY_PATTERN",
            "MAX_API_KEY_LENGTH",
            "USAGE_COUNTERS",
            "authorize",
            "createAuditQueue",
            "denialResponse",
            "isWellFormedApiKey",
            "withKindeApiKey",
          ],
          "own": [
            "getKindeApiKey",
            "kindeApiKey",
            "requireKindeApiKey",
            "requireScopes",
          ],
        },
        "@acme/kinde-keys-koa": {
          "core's exports, except": [
            "KINDE_API_KEY_PATTERN",
            "MAX_API_KEY_LENGTH",
            "USAGE_COUNTERS",
            "authorize",
            "createAuditQueue",
            "denialResponse",
            "isWellFormedApiKey",
            "withKindeApiKey",
          ],
          "own": [
            "getKindeApiKey",
            "kindeApiKey",
            "requireKindeApiKey",
            "requireScopes",
          ],
        },
        "@acme/kinde-keys-otel": [
          "METRICS",
          "REQUEST_ATTRIBUTES",
          "createKindeKeysTelemetry",
        ],
        "@acme/kinde-keys-redis": [
          "DEFAULT_CACHE_PREFIX",
          "DEFAULT_RATE_LIMIT_PREFIX",
          "DEFAULT_USAGE_PREFIX",
          "redisCacheStore",
          "redisRateLimitStore",
          "redisUsageStore",
        ],
        "@acme/kinde-keys-testing": [
          "FakeConnectionResetError",
          "createFakeKinde",
          "isFakeConnectionResetError",
          "startFakeKinde",
        ],
      }
    `);
  });
});

describe("releasing", () => {
  const rootManifest = readJson<{ scripts: Record<string, string> }>(join(root, "package.json"));
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "kinde-keys-changeset-"));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("has the changeset config and the initial-release changeset for every published package", () => {
    const config = readJson<Record<string, unknown>>(join(root, ".changeset/config.json"));
    expect(config).toMatchObject({ access: "public", baseBranch: "main", commit: false });
    const changeset = readFileSync(join(root, ".changeset/initial-release.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n\s*\S/.exec(changeset)?.[1] ?? "";
    const bumps = Object.fromEntries(
      front.split("\n").map((line) => {
        const [name, type] = line.split(":").map((part) => part.trim().replaceAll('"', ""));
        return [name, type];
      }),
    );
    expect(Object.keys(bumps).sort()).toEqual(packages.map(({ manifest }) => manifest.name).sort());
    for (const type of Object.values(bumps)) expect(["major", "minor", "patch"]).toContain(type);
  });

  it("`changeset status` plans one release per published package", async () => {
    const output = join(outDir, "status.json");
    const { code, output: log } = await attempt(
      bin("changeset"),
      ["status", "--output", output],
      root,
    );
    expect(code, log).toBe(0);
    const status = readJson<{ releases: { name: string; type: string; newVersion?: string }[] }>(
      output,
    );
    // Private dependents (examples, this package) are listed with type "none" and never released.
    const released = status.releases.filter((release) => release.type !== "none");
    expect(released.map((release) => release.name).sort()).toEqual(
      packages.map(({ manifest }) => manifest.name).sort(),
    );
    for (const release of released) expect(release.newVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("has the release scripts", () => {
    expect(rootManifest.scripts.changeset).toBe("changeset");
    expect(rootManifest.scripts["version-packages"]).toBe("changeset version");
    expect(rootManifest.scripts.release).toMatch(/build.*&&.*publish/);
  });
});
