/**
 * The transport of the token and verify calls, on its own: which failures are tried again and how
 * often, the waits (Kinde's `Retry-After` capped, never past the total timeout), the caller's abort
 * at every step, redirects never followed, and no secret in what it throws. Kinde is replaced at the
 * network edge only (MSW handlers that count the calls they get).
 */
import { inspect } from "node:util";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rejectionOf } from "../../test/helpers.ts";
import { get, type HttpSettings, post } from "./transport.ts";
import { HttpFailure, NetworkFailure, TimeoutFailure } from "./transport-errors.ts";

const ORIGIN = "https://transport.kinde.test";
const URL_ = `${ORIGIN}/api/v1/api_keys/verify`;
const SECRET = "cs_transport_5f4e3d2c1b0a99887766554433221100";
const TOKEN = "eyJ.transport-token-0123456789";

/** Settings like a client's, with short waits; `overrides` win. */
function settings(overrides: Partial<HttpSettings> = {}): HttpSettings {
  return {
    origin: ORIGIN,
    timeoutMs: 1_000,
    totalTimeoutMs: 5_000,
    retryLimit: 2,
    maxRetryDelayMs: 5,
    fetch: undefined,
    ...overrides,
  };
}

/** Times (ms since the test started) at which the verify route was called. */
let calls: number[] = [];
let started = 0;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => {
  server.resetHandlers();
  calls = [];
});
afterAll(() => server.close());

/** Answers the verify route with `answer`, counting calls. */
function answerWith(answer: () => Response | Promise<Response>): void {
  started = performance.now();
  server.use(
    http.post(URL_, () => {
      calls.push(performance.now() - started);
      return answer();
    }),
  );
}

const send = (over: Partial<HttpSettings> = {}, options = {}) =>
  post(settings(over), "api/v1/api_keys/verify", { api_key: "k_live_x" }, options);

describe("which failures are tried again", () => {
  it.each([408, 429, 500, 502, 503, 504])("%i: one try plus retryLimit", async (status) => {
    answerWith(() => new HttpResponse(null, { status }));
    const error = await rejectionOf(send());
    expect(error).toBeInstanceOf(HttpFailure);
    expect(error).toMatchObject({ status, origin: ORIGIN });
    expect(calls).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 413, 501])("%i: not tried again", async (status) => {
    answerWith(() => HttpResponse.json({ errors: [{ code: "NOPE" }] }, { status }));
    const error = await rejectionOf(send());
    expect(error).toMatchObject({ status, data: { errors: [{ code: "NOPE" }] } });
    expect(calls).toHaveLength(1);
  });

  it("429 is not tried again when the call opts out (verify: the breaker handles it)", async () => {
    answerWith(() => new HttpResponse(null, { status: 429, headers: { "Retry-After": "0" } }));
    await rejectionOf(send({}, { retryRateLimited: false }));
    expect(calls).toHaveLength(1);
  });

  it("retryLimit 0: one try", async () => {
    answerWith(() => new HttpResponse(null, { status: 503 }));
    await rejectionOf(send({ retryLimit: 0 }));
    expect(calls).toHaveLength(1);
  });

  it("a network error is tried again, then reported with its low-level cause", async () => {
    answerWith(() => HttpResponse.error());
    const error = await rejectionOf(send());
    expect(error).toBeInstanceOf(NetworkFailure);
    expect((error as Error).cause).toMatchObject({ name: "TypeError" });
    expect(calls).toHaveLength(3);
  });

  it("an attempt that times out is tried again, within the total timeout", async () => {
    answerWith(async () => {
      await delay("infinite");
      return new HttpResponse(null);
    });
    const error = await rejectionOf(send({ timeoutMs: 60, totalTimeoutMs: 100, retryLimit: 5 }));
    expect(error).toBeInstanceOf(TimeoutFailure);
    // 60 ms, then what is left of the 100: the total caps the attempts, not the retry limit.
    expect(calls).toHaveLength(2);
  });

  it("a body that never ends is a timeout too", async () => {
    // A `fetch` of its own: MSW cannot serve an endless body without tripping undici on abort.
    let sent = 0;
    const fetch = async () => {
      sent++;
      const body = new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([123])) });
      return new Response(body, { headers: { "content-type": "application/json" } });
    };
    const error = await rejectionOf(send({ fetch, timeoutMs: 50, totalTimeoutMs: 80 }));
    expect(error).toBeInstanceOf(TimeoutFailure);
    expect(sent).toBe(2);
  });

  it("recovers when a retry succeeds", async () => {
    let left = 2;
    answerWith(() =>
      left-- > 0 ? new HttpResponse(null, { status: 502 }) : HttpResponse.json({ ok: 1 }),
    );
    expect(await send()).toEqual({ status: 200, text: '{"ok":1}' });
    expect(calls).toHaveLength(3);
  });
});

describe("waits", () => {
  it.each([
    [503, "Retry-After"],
    [429, "RateLimit-Reset"],
  ])("%i's %s is honoured, capped at maxRetryDelayMs", async (status, header) => {
    let left = 1;
    answerWith(() =>
      left-- > 0
        ? new HttpResponse(null, { status, headers: { [header]: "30" } })
        : HttpResponse.json({}),
    );
    await send({ maxRetryDelayMs: 120 });
    expect(calls).toHaveLength(2);
    const waited = (calls[1] ?? 0) - (calls[0] ?? 0);
    expect(waited).toBeGreaterThanOrEqual(110);
    expect(waited).toBeLessThan(30_000);
  });

  it("a wait that would pass the total timeout gives up at once, with Kinde's answer", async () => {
    answerWith(() => new HttpResponse(null, { status: 503, headers: { "Retry-After": "5" } }));
    const before = performance.now();
    const error = await rejectionOf(send({ maxRetryDelayMs: 10_000, totalTimeoutMs: 3_000 }));
    expect(error).toBeInstanceOf(HttpFailure);
    expect((error as HttpFailure).headers.get("retry-after")).toBe("5");
    expect(calls).toHaveLength(1);
    // Well before the 3 s deadline it would otherwise have slept to.
    expect(performance.now() - before).toBeLessThan(2_000);
  });
});

describe("the caller's abort", () => {
  it("ends a backoff wait at once, with the signal's reason", async () => {
    const controller = new AbortController();
    answerWith(() => {
      setTimeout(() => controller.abort(new Error("client went away")), 20);
      return new HttpResponse(null, { status: 503, headers: { "Retry-After": "2" } });
    });
    const before = performance.now();
    const error = await rejectionOf(
      send({ maxRetryDelayMs: 2_000 }, { signal: controller.signal }),
    );
    expect((error as Error).message).toBe("client went away");
    expect(calls).toHaveLength(1);
    expect(performance.now() - before).toBeLessThan(1_500);
  });

  it("ends an attempt in flight", async () => {
    const controller = new AbortController();
    answerWith(async () => {
      controller.abort(new Error("gave up"));
      await delay("infinite");
      return new HttpResponse(null);
    });
    const error = await rejectionOf(send({}, { signal: controller.signal }));
    expect((error as Error).message).toBe("gave up");
    expect(calls).toHaveLength(1);
  });

  it("an aborted signal sends nothing", async () => {
    answerWith(() => HttpResponse.json({}));
    const error = await rejectionOf(send({}, { signal: AbortSignal.abort(new Error("early")) }));
    expect((error as Error).message).toBe("early");
    expect(calls).toHaveLength(0);
  });
});

describe("the request", () => {
  it("does not follow a redirect: a 3xx is a failed answer", async () => {
    let followed = 0;
    server.use(http.post("https://elsewhere.test/steal", () => void followed++));
    answerWith(
      () =>
        new HttpResponse(null, {
          status: 307,
          headers: { location: "https://elsewhere.test/steal" },
        }),
    );
    const error = await rejectionOf(send());
    expect(error).toMatchObject({ status: 307 });
    expect(followed).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("sends JSON, a form or (GET) nothing, with the given headers, through the configured fetch", async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push(`${request.method} ${request.headers.get("content-type")} ${await request.text()}`);
      return Response.json({});
    };
    await post(settings({ fetch }), "oauth2/token", new URLSearchParams({ a: "1" }));
    await post(settings({ fetch }), "x", { b: 2 }, { headers: { "x-one": "1" } });
    await get(settings({ fetch }), "api/v1/api_keys/k1");
    expect(seen).toEqual([
      "POST application/x-www-form-urlencoded;charset=UTF-8 a=1",
      'POST application/json {"b":2}',
      "GET null ",
    ]);
  });
});

/** All an error shows: inspected in depth, and every message, stack and JSON of its cause chain. */
function everythingIn(error: unknown): string {
  let text = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
  for (let link: unknown = error; link instanceof Error; link = link.cause) {
    text += `${link.message}\n${String(link.stack)}\n${JSON.stringify(link)}`;
  }
  return text;
}

describe("no secret in what it throws", () => {
  const faults: [string, () => Response | Promise<Response>][] = [
    ["an error answer", () => HttpResponse.json({ errors: [{ code: "X" }] }, { status: 500 })],
    ["a network error", () => HttpResponse.error()],
    ["a redirect", () => new HttpResponse(null, { status: 302, headers: { location: "/x" } })],
    [
      "a timeout",
      async () => {
        await delay("infinite");
        return new HttpResponse(null);
      },
    ],
  ];

  it("a fetch of the app's own whose error quotes the request", async () => {
    // A proxy wrapper, say, that puts the request's headers in its message and cause.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      const quoted = `${String(input)} ${headers.get("authorization")} ${String(init?.body)}`;
      throw new TypeError(`fetch failed: ${quoted}`, { cause: new Error(quoted) });
    };
    const error = await rejectionOf(
      post(
        settings({ fetch, retryLimit: 0 }),
        "oauth2/token",
        new URLSearchParams({ client_secret: SECRET }),
        { headers: { authorization: `Bearer ${TOKEN}` } },
      ),
    );
    expect(error).toBeInstanceOf(NetworkFailure);
    const text = everythingIn(error);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("TypeError");
  });

  it.each(faults)("%s", async (_, answer) => {
    answerWith(answer);
    const error = await rejectionOf(
      post(
        settings({ timeoutMs: 30, totalTimeoutMs: 60 }),
        "api/v1/api_keys/verify",
        new URLSearchParams({ client_secret: SECRET }),
        { headers: { authorization: `Bearer ${TOKEN}` } },
      ),
    );
    expect(error).toBeInstanceOf(Error);
    const text = everythingIn(error);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  });
});
