/**
 * @module fake-kinde
 * `createFakeKinde()`: the fake Kinde with its MSW handlers, for tests that intercept the client's
 * real `fetch`. The only module of the main entry that needs MSW.
 */
import type { RequestHandler } from "msw";
import { buildFakeKinde } from "./fake-core.ts";
import { createMswHandlers } from "./msw.ts";
import type { FakeKindeCore, FakeKindeOptions } from "./types.ts";

/**
 * A fake Kinde. Create one with {@link createFakeKinde}.
 *
 * @example
 * ```ts
 * const fake = createFakeKinde();
 * const { key } = fake.addKey({ scopes: ["read:reports"] });
 * server.use(...fake.handlers); // or call fake.fetch(request) directly
 * ```
 */
export interface FakeKinde extends FakeKindeCore {
  /**
   * MSW handlers serving {@link FakeKinde.origin}: `setupServer(...fake.handlers)`.
   * A `reset` fault becomes `HttpResponse.error()`.
   */
  readonly handlers: RequestHandler[];
}

/**
 * Creates a fake Kinde with its own keys, tokens, counters and faults.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createFakeKinde } from "@acme/kinde-keys-testing";
 *
 * const fake = createFakeKinde({ keys: [{ key: "k_live_0123", orgCode: "org_acme", scopes: ["read:reports"] }] });
 * const server = setupServer(...fake.handlers);
 * server.listen({ onUnhandledFrame: "error" });
 * ```
 */
export function createFakeKinde(options: FakeKindeOptions = {}): FakeKinde {
  return buildFakeKinde(options, (origin, handle) => ({
    handlers: createMswHandlers(origin, handle),
  }));
}
