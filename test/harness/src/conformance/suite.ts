/**
 * @module conformance/suite
 * The one conformance suite every framework adapter runs: each row of DESIGN §3, header forms, the
 * alternative header, route-level scopes, the org boundary from a route parameter, per-key rate
 * limits, a property test over hostile headers, a client that leaves mid-request, and a final test
 * proving the answers are the same, byte for byte (bar transport headers), as those of every other
 * adapter (`answers.snap`).
 *
 * The apps are the harness's (`makeApp`); an adapter's test only names its framework and hands in
 * its adapter. Node apps are driven over raw loopback sockets, Fetch apps (Hono) in process.
 */
import { createFakeKinde, type FakeKinde } from "@acme/kinde-keys-testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { type AdapterFor, type Framework, type KindeOptions, makeApp } from "../app.ts";
import type { HarnessRequest, HarnessResponse } from "../drivers/driver.ts";
import { driverFor } from "../drivers/index.ts";
import { ANSWERS_FILE, type Answer, serialise, toAnswer } from "./answers.ts";
import { auditCases } from "./cases/audit.ts";
import { disconnectCases } from "./cases/disconnect.ts";
import { optionCases } from "./cases/options.ts";
import { refusalCases } from "./cases/refusals.ts";

/** What else the suite needs from the adapter's test. */
export interface ConformanceKit {
  /**
   * `setupServer` from `msw/node`, to serve the fake at the network edge. Leave it out where MSW
   * cannot intercept (workerd): the apps' clients then call the fake in process (`fake.fetch`).
   */
  setupServer?: (...handlers: FakeKinde["handlers"]) => {
    listen(options: { onUnhandledFrame: "error" }): void;
    close(): void;
  };
  /**
   * Characters the transport carries in header values, for the property test. `ascii` suits
   * workerd, whose `Headers` re-encodes other characters as UTF-8 and warns on every request.
   * @default "latin1": what HTTP/1.1 and Fetch `Headers` carry (no NUL, CR or LF; up to U+00FF)
   */
  headerValues?: "latin1" | "ascii";
}

/** Sends one request to an app under test. */
export type Send = (request: HarnessRequest) => Promise<HarnessResponse>;

/** What the cases share: the fake, a way to build apps, and the record of answers. */
export interface SuiteContext {
  readonly fake: FakeKinde;
  readonly kit: ConformanceKit;
  /** Builds an app; `handled` lists the key ids its handlers saw, in order. */
  app(
    options?: Partial<KindeOptions>,
    routeScopes?: readonly string[],
  ): Promise<{ send: Send; handled: readonly string[] }>;
  /** Sends a request and records the answer under `label` for the cross-framework comparison. */
  record(send: Send, label: string, request: HarnessRequest): Promise<Answer>;
}

/** Answers of the frameworks run so far in this process, by name. */
const answersByFramework = new Map<string, Record<string, Answer>>();

/**
 * Runs the suite against one framework.
 *
 * @param name - How the framework shows in test names and in the comparison, e.g. `"Express 4"`.
 * @param framework - Which of the harness's apps to build.
 * @param adapter - The adapter module under test.
 * @example
 * ```ts
 * import * as adapter from "./index.ts";
 * runConformance("Hono", "hono", adapter, { setupServer });
 * ```
 */
export function runConformance<F extends Framework>(
  name: string,
  framework: F,
  adapter: AdapterFor<F>,
  kit: ConformanceKit = {},
): void {
  describe(`${name} conformance`, () => {
    const fake = createFakeKinde();
    const network = kit.setupServer?.(...fake.handlers);
    const answers: Record<string, Answer> = {};
    const base = fake.clientConfig({
      retry: { limit: 0 },
      ...(network ? {} : { fetch: fake.fetch }),
    });

    beforeAll(() => network?.listen({ onUnhandledFrame: "error" }));
    afterEach(() => {
      fake.clearFaults();
      vi.useRealTimers();
    });
    afterAll(() => network?.close());

    const context: SuiteContext = {
      fake,
      kit,
      async app(options = {}, routeScopes = []) {
        const app = await makeApp(framework, {
          adapter,
          kinde: { ...base, ...options },
          routeScopes,
        });
        const driver = await driverFor(app, app.fetch ? "injected" : "raw-socket");
        onTestFinished(() => driver.close());
        return { send: driver.send, handled: app.handled };
      },
      async record(send, label, request) {
        const answer = toAnswer(await send(request));
        answers[label] = answer;
        return answer;
      },
    };
    refusalCases(context);
    optionCases(context);
    disconnectCases(context);
    auditCases(context);

    it("answers exactly as every other adapter (answers.snap)", async () => {
      for (const [other, theirs] of answersByFramework) {
        expect(answers, `${name} against ${other}`).toEqual(theirs);
      }
      answersByFramework.set(name, answers);
      await expect(serialise(answers)).toMatchFileSnapshot(ANSWERS_FILE);
    });
  });
}
