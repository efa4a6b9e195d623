/**
 * The harness itself: every framework's bare app answers the same over every driver, and the
 * drivers carry header lines and bodies as the wire does.
 */
import type { RequestListener } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { FRAMEWORKS, HANDLER_ANSWER, NO_KEY } from "./app.ts";
import { driverFor, type Transport } from "./drivers/index.ts";
import { startApp } from "./start.ts";

// `injected` last: after light-my-request has served an Express app, that Express module can no
// longer serve real sockets in this process (see drivers/injected.ts).
const TRANSPORTS: readonly Transport[] = ["loopback", "raw-socket", "injected"];

async function serve(listener: RequestListener, transport: Transport) {
  const driver = await driverFor({ listener }, transport);
  onTestFinished(() => driver.close());
  return driver;
}

// The first test of each framework loads it (and its dependencies) on demand; during a full
// `pnpm test`, beside turbo's builds on two cores, that alone took 5.7 s of the 5 s default.
describe.each(FRAMEWORKS)("%s app", { timeout: 30_000 }, (framework) => {
  it.each(TRANSPORTS)("answers the handler's answer over %s", async (transport) => {
    const running = await startApp(framework, {}, transport);
    onTestFinished(() => running.close());
    const answer = await running.send();
    expect(answer).toMatchObject({ status: 200, body: HANDLER_ANSWER.body });
    expect(answer.headers["content-type"]).toBe(HANDLER_ANSWER.headers["content-type"]);
    expect(answer.ms).toBeGreaterThan(0);
    // Without an adapter only `GET /things` exists.
    expect((await running.send({ path: "/admin" })).status).toBe(404);
    expect(running.handled).toEqual([NO_KEY]);
  });
});

describe("drivers", () => {
  const echo: RequestListener = (req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.rawHeaders));
  };

  it.each(TRANSPORTS)("%s sends a repeated header as separate lines", async (transport) => {
    const send = (await serve(echo, transport)).send;
    for (const headers of [
      [
        ["x-key", "one"],
        ["x-key", "two"],
      ] as const,
      { "x-key": ["one", "two"] },
    ]) {
      const raw = JSON.parse((await send({ headers })).body) as string[];
      const values = raw.filter((_, i) => raw[i - 1]?.toLowerCase() === "x-key" && i % 2 === 1);
      expect(values).toEqual(["one", "two"]);
    }
  });

  it("raw-socket decodes a chunked body and joins a repeated answer header", async () => {
    const send = (
      await serve((_req, res) => {
        res.setHeader("x-twice", ["a", "b"]);
        res.write("hello, ");
        setImmediate(() => res.end("world"));
      }, "raw-socket")
    ).send;
    const answer = await send();
    expect(answer.headers["transfer-encoding"]).toBe("chunked");
    expect(answer.headers["x-twice"]).toBe("a, b");
    expect(answer.body).toBe("hello, world");
  });

  it("raw-socket sends bytes Node's own client would refuse", async () => {
    const send = (await serve(echo, "raw-socket")).send;
    const raw = JSON.parse((await send({ headers: [["x-key", "caf\u00e9"]] })).body) as string[];
    expect(raw).toContain("caf\u00e9");
  });
});
