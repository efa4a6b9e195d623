/**
 * @module test/helpers
 * Shared setup for core's tests: a fake Kinde served through MSW (so core's real `fetch` path runs
 * and only the network edge is replaced), a client factory pointed at it, and a logger that keeps
 * what it is given so tests can assert on log lines.
 */
import { createFakeKinde, type FakeKinde, type FakeKindeOptions } from "@acme/kinde-keys-testing";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { createKindeKeys, type KindeKeys, type KindeKeysConfig } from "../src/index.ts";
import type { Logger } from "../src/types.ts";

/** The domain every MSW-backed test talks to. */
export const FAKE_DOMAIN = "acme.kinde.test";

/** What {@link setupFakeKinde} hands a test file. */
export interface FakeKindeSetup {
  /** The fake behind MSW: add keys, inject faults, read `calls`. */
  readonly fake: FakeKinde;
  /** The MSW server, for `server.use(...)` overrides within a test. */
  readonly server: SetupServer;
  /**
   * A new client pointed at the fake. `overrides` win over the defaults: the fake's credentials,
   * an empty `env` (so the developer's shell never leaks in), short retry waits, no logger.
   */
  createKinde<Scope extends string = string>(overrides?: KindeKeysConfig): KindeKeys<Scope>;
}

/**
 * Creates a fake Kinde, intercepts `fetch` with MSW for the whole test file, and resets the fake's
 * faults, counters and switches after each test. Call once at the top of a test file.
 */
export function setupFakeKinde(options: FakeKindeOptions = {}): FakeKindeSetup {
  const fake = createFakeKinde({ domain: FAKE_DOMAIN, ...options });
  const server = setupServer(...fake.handlers);

  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => {
    vi.useRealTimers();
    server.resetHandlers();
    fake.clearFaults();
    fake.resetCalls();
    fake.setLatency(options.latencyMs ?? 0);
    fake.setUnknownKeyAnswer(options.unknownKeyAnswer ?? "is-valid-false");
  });
  afterAll(() => server.close());

  return {
    fake,
    server,
    createKinde: <Scope extends string = string>(overrides: KindeKeysConfig = {}) =>
      createKindeKeys<Scope>(clientConfig(fake, overrides)),
  };
}

/** The config of a client for `fake`, with test-friendly defaults under `overrides`. */
export function clientConfig(fake: FakeKinde, overrides: KindeKeysConfig = {}): KindeKeysConfig {
  // With the default cache: core's own tests check what it does.
  return fake.clientConfig({
    cache: {},
    env: {},
    retry: { limit: 2, maxDelayMs: 5 },
    // Quiet by default (the default is console); tests about logs pass a capturing logger.
    logger: false,
    ...overrides,
  });
}

/** One call a {@link captureLogger} logger received. */
export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** A pino-shaped logger that records every call in `lines`. */
export function captureLogger(): { logger: Required<Logger>; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return {
    lines,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  };
}

/** Request headers carrying `apiKey` the usual way (`Authorization: Bearer …`). */
export function bearer(apiKey: string): Headers {
  return new Headers({ authorization: `Bearer ${apiKey}` });
}

/** The settled outcome of a promise, so a test can inspect a rejection without try/catch. */
export async function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Awaits a rejection and returns the error; fails the test if the promise resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** The refusal's text for a request with no key, with the default `Authorization: Bearer` reading. */
export const NO_KEY_IN_AUTHORIZATION =
  'No API key in Authorization. Expected "Authorization: Bearer <api key>"';
