/**
 * Domains as Kinde serves them (issue 12 item 5): the management API and M2M tokens live on the
 * Kinde domain (`<sub>.kinde.com`), even for businesses that sign users in on a custom domain.
 */
import { describe, expect, it } from "vitest";
import { captureLogger, setupFakeKinde } from "../test/helpers.ts";
import { createKindeKeys } from "./client.ts";
import { KindeKeysError } from "./errors.ts";

setupFakeKinde();
const credentials = { clientId: "id", clientSecret: "s3cr3t-value" };

describe("KINDE_ISSUER_URL", () => {
  it("is not a fallback when it is a custom domain", () => {
    const build = () =>
      createKindeKeys({ ...credentials, env: { KINDE_ISSUER_URL: "https://auth.acme.com" } });
    expect(build).toThrow(KindeKeysError);
    expect(build).toThrow(/KINDE_DOMAIN/);
  });

  it("is used when it is a *.kinde.com host", () => {
    const kinde = createKindeKeys({
      ...credentials,
      env: { KINDE_ISSUER_URL: "https://acme.kinde.com" },
    });
    expect(kinde.origin).toBe("https://acme.kinde.com");
  });
});

describe("a domain Kinde does not serve its API on", () => {
  it("logs a warning once, at construction, naming the rule", () => {
    const { logger, lines } = captureLogger();
    createKindeKeys({ ...credentials, domain: "auth.acme.com", logger, env: {} });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe("warn");
    expect(lines[0]?.msg).toContain("*.kinde.com");
    expect(JSON.stringify(lines)).not.toContain(credentials.clientSecret);
  });

  it.each(["acme.kinde.com", "https://acme.kinde.com", "http://127.0.0.1:4100", "x.kinde.test"])(
    "says nothing for %s",
    (domain) => {
      const { logger, lines } = captureLogger();
      createKindeKeys({ ...credentials, domain, logger, env: {} });
      expect(lines).toEqual([]);
    },
  );
});

describe("a bare loopback host", () => {
  it.each([
    ["127.0.0.1:4100", "http://127.0.0.1:4100"],
    ["localhost:4100", "http://localhost:4100"],
    ["[::1]:4100", "http://[::1]:4100"],
  ])("%s is read as %s", (domain, origin) => {
    expect(createKindeKeys({ ...credentials, domain, env: {} }).origin).toBe(origin);
  });

  it("an explicit https:// to loopback stays https", () => {
    const kinde = createKindeKeys({ ...credentials, domain: "https://localhost:4100", env: {} });
    expect(kinde.origin).toBe("https://localhost:4100");
  });
});
