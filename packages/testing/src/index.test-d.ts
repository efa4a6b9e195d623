import type { RequestHandler } from "msw";
import { describe, expectTypeOf, it } from "vitest";
import {
  createFakeKinde,
  type FakeClientConfig,
  type FakeFault,
  type FakeKeyRecord,
  type FakeKinde,
  type RunningFakeKinde,
  startFakeKinde,
} from "./index.ts";

describe("public types", () => {
  it("exposes the fake's transports", () => {
    const fake = createFakeKinde();
    expectTypeOf(fake).toEqualTypeOf<FakeKinde>();
    // It stands in for `fetch`, e.g. as a client's `fetch` option.
    expectTypeOf(fake.fetch).toExtend<typeof fetch>();
    expectTypeOf(fake.handlers).toEqualTypeOf<RequestHandler[]>();
    expectTypeOf(startFakeKinde).returns.toEqualTypeOf<Promise<RunningFakeKinde>>();
    expectTypeOf(fake.getKey("x")).toEqualTypeOf<FakeKeyRecord | undefined>();
  });

  it("types clientConfig with its overrides on top", () => {
    const fake = createFakeKinde();
    expectTypeOf(fake.clientConfig()).toEqualTypeOf<FakeClientConfig>();
    expectTypeOf(fake.clientConfig({ cache: { ttlMs: 5 } }).cache).toEqualTypeOf<{
      ttlMs: number;
    }>();
    expectTypeOf(fake.clientConfig({ timeoutMs: 200 })).toExtend<{
      domain: string;
      cache: false;
      timeoutMs: number;
    }>();
  });

  it("keeps the secret out of key records", () => {
    expectTypeOf<FakeKeyRecord>().not.toHaveProperty("key");
  });

  it("accepts well-formed faults and rejects ill-formed ones", () => {
    expectTypeOf<{ endpoint: "verify"; type: "status"; status: 429 }>().toExtend<FakeFault>();
    expectTypeOf<{ endpoint: "any"; type: "hang"; times: 1 }>().toExtend<FakeFault>();
    // @ts-expect-error a status fault needs its status
    const noStatus: FakeFault = { endpoint: "verify", type: "status" };
    // @ts-expect-error a delay fault needs its ms
    const noDelay: FakeFault = { endpoint: "token", type: "delay" };
    // @ts-expect-error there is no "users" endpoint group
    const badEndpoint: FakeFault = { endpoint: "users", type: "reset" };
    expectTypeOf([noStatus, noDelay, badEndpoint]).toBeArray();
  });

  it("rejects unknown option values", () => {
    // @ts-expect-error not one of the three unknown-key answers
    createFakeKinde({ unknownKeyAnswer: "error-500" });
    // @ts-expect-error the loopback server's origin is its own URL
    void startFakeKinde({ domain: "acme.kinde.com" });
    // @ts-expect-error key status is a closed set
    createFakeKinde().setKeyStatus("id", "expired");
  });
});
