/**
 * `CONFIG_INVALID` at construction, and where settings come from: options first, then the `env`
 * option (or `process.env`), using the variable names Kinde's own SDKs use (FACTS §1).
 */
import { describe, expect, it, vi } from "vitest";
import { setupFakeKinde } from "../test/helpers.ts";
import { createKindeKeys } from "./client.ts";
import type { KindeEnv } from "./config.ts";
import { KindeKeysError } from "./errors.ts";

const { fake } = setupFakeKinde();

const credentials = { clientId: "id", clientSecret: "s3cr3t-value" };

/** The `CONFIG_INVALID` error construction throws; fails the test if it does not. */
function configError(build: () => unknown): KindeKeysError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(KindeKeysError);
    expect((error as KindeKeysError).code).toBe("CONFIG_INVALID");
    return error as KindeKeysError;
  }
  throw new Error("expected CONFIG_INVALID, construction succeeded");
}

describe("CONFIG_INVALID", () => {
  it.each([
    ["no domain", { ...credentials, env: {} }, /KINDE_DOMAIN/],
    ["a blank domain", { ...credentials, domain: "  ", env: {} }, /domain/],
    [
      "no client id, saying a front-end KINDE_CLIENT_ID is not read",
      { domain: "acme.kinde.com", clientSecret: "s", env: { KINDE_CLIENT_ID: "front" } },
      /client id.*KINDE_CLIENT_ID, a front-end application's, is not read/,
    ],
    [
      "a blank client id",
      { ...credentials, domain: "acme.kinde.com", clientId: " ", env: {} },
      /client id/,
    ],
    ["no client secret", { domain: "acme.kinde.com", clientId: "id", env: {} }, /client secret/],
    [
      "an empty client secret",
      { ...credentials, domain: "acme.kinde.com", clientSecret: "", env: {} },
      /client secret/,
    ],
    ["http:// to a public host", { ...credentials, domain: "http://acme.kinde.com" }, /https/],
    ["http:// to a private IP", { ...credentials, domain: "http://10.0.0.1" }, /https/],
    ["another scheme", { ...credentials, domain: "ftp://acme.kinde.com" }, /https/],
    [
      "credentials in the URL",
      { ...credentials, domain: "https://user:pw@acme.kinde.com" },
      /credentials/,
    ],
    ["a host that is not a host", { ...credentials, domain: "acme kinde.com" }, /not a valid/],
    ["a zero timeout", { ...credentials, domain: "acme.kinde.com", timeoutMs: 0 }, /timeoutMs/],
    [
      "a timeout no timer can wait (over 2^31 - 1 ms)",
      { ...credentials, domain: "acme.kinde.com", timeoutMs: 2 ** 31 },
      /timeoutMs.*2147483647/,
    ],
    [
      "a retry delay no timer can wait",
      { ...credentials, domain: "acme.kinde.com", retry: { maxDelayMs: 2 ** 40 } },
      /maxDelayMs.*2147483647/,
    ],
    [
      "a NaN total timeout",
      { ...credentials, domain: "acme.kinde.com", totalTimeoutMs: Number.NaN },
      /totalTimeoutMs/,
    ],
    [
      "a negative retry limit",
      { ...credentials, domain: "acme.kinde.com", retry: { limit: -1 } },
      /retry\.limit/,
    ],
    [
      "a fractional retry limit",
      { ...credentials, domain: "acme.kinde.com", retry: { limit: 1.5 } },
      /retry\.limit/,
    ],
    [
      "a negative retry delay",
      { ...credentials, domain: "acme.kinde.com", retry: { maxDelayMs: -1 } },
      /maxDelayMs/,
    ],
  ])("%s", (_, config, message) => {
    const error = configError(() => createKindeKeys(config));
    expect(error.message).toMatch(message);
    expect(error.name).toBe("KindeKeysError");
    // A setting is named, never its value.
    expect(error.message).not.toContain("s3cr3t-value");
    expect(error.message).not.toContain("pw@");
  });

  it("construction makes no network call", () => {
    createKindeKeys({ domain: fake.origin, ...credentials });
    expect(fake.calls.total).toBe(0);
  });
});

describe("the domain: a bare host or a URL", () => {
  it.each([
    ["acme.kinde.com", "https://acme.kinde.com"],
    ["  acme.kinde.com  ", "https://acme.kinde.com"],
    ["https://acme.kinde.com/", "https://acme.kinde.com"],
    ["https://auth.acme.com/ignored/path", "https://auth.acme.com"],
    ["HTTPS://Auth.Acme.com", "https://auth.acme.com"],
    ["acme.kinde.com:8443", "https://acme.kinde.com:8443"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:9999", "http://127.0.0.1:9999"],
    ["http://127.8.9.10", "http://127.8.9.10"],
    ["http://[::1]:4000", "http://[::1]:4000"],
    ["http://kinde.localhost", "http://kinde.localhost"],
  ])("%s → %s", (domain, origin) => {
    expect(createKindeKeys({ domain, ...credentials }).origin).toBe(origin);
  });
});

describe("defaults from the environment", () => {
  const key = () => fake.addKey().key;

  async function verifiesWith(env: KindeEnv, extra = {}): Promise<void> {
    const kinde = createKindeKeys({ env, retry: { limit: 0 }, ...extra });
    expect(kinde.origin).toBe(fake.origin);
    expect((await kinde.verify(key())).valid).toBe(true);
  }

  it("KINDE_DOMAIN and KINDE_MANAGEMENT_CLIENT_ID/_SECRET", async () => {
    await verifiesWith({
      KINDE_DOMAIN: fake.origin,
      KINDE_MANAGEMENT_CLIENT_ID: fake.clientId,
      KINDE_MANAGEMENT_CLIENT_SECRET: fake.clientSecret,
    });
  });

  it("a bare host in KINDE_DOMAIN", () => {
    const kinde = createKindeKeys({ env: { KINDE_DOMAIN: "acme.kinde.com" }, ...credentials });
    expect(kinde.origin).toBe("https://acme.kinde.com");
  });

  it("KINDE_M2M_CLIENT_ID/_SECRET as a fallback", async () => {
    await verifiesWith({
      KINDE_DOMAIN: fake.origin,
      KINDE_M2M_CLIENT_ID: fake.clientId,
      KINDE_M2M_CLIENT_SECRET: fake.clientSecret,
    });
  });

  it("KINDE_MANAGEMENT_* wins over KINDE_M2M_*", async () => {
    await verifiesWith({
      KINDE_DOMAIN: fake.origin,
      KINDE_MANAGEMENT_CLIENT_ID: fake.clientId,
      KINDE_MANAGEMENT_CLIENT_SECRET: fake.clientSecret,
      KINDE_M2M_CLIENT_ID: "wrong-id",
      KINDE_M2M_CLIENT_SECRET: "wrong-secret",
    });
  });

  it("not KINDE_ISSUER_URL when it is not a *.kinde.com host (see config-domain.test.ts)", () => {
    configError(() => createKindeKeys({ ...credentials, env: { KINDE_ISSUER_URL: fake.origin } }));
  });

  it("options win over the environment", async () => {
    await verifiesWith(
      {
        KINDE_DOMAIN: "https://elsewhere.kinde.com",
        KINDE_MANAGEMENT_CLIENT_ID: "wrong-id",
        KINDE_MANAGEMENT_CLIENT_SECRET: "wrong-secret",
      },
      fake.clientConfig(),
    );
  });

  it("process.env when no env option is given", async () => {
    vi.stubEnv("KINDE_DOMAIN", fake.origin);
    vi.stubEnv("KINDE_MANAGEMENT_CLIENT_ID", fake.clientId);
    vi.stubEnv("KINDE_MANAGEMENT_CLIENT_SECRET", fake.clientSecret);
    try {
      const kinde = createKindeKeys();
      expect((await kinde.verify(key())).valid).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("an env option replaces process.env entirely", () => {
    vi.stubEnv("KINDE_DOMAIN", fake.origin);
    try {
      configError(() => createKindeKeys({ ...credentials, env: {} }));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
