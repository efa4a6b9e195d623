/**
 * The OpenTelemetry hooks against the fake Kinde (in process, at the network edge), exported with
 * the SDK's in-memory span exporter and a metric reader: a Kinde call, a cached hit and a Kinde
 * failure give the right spans, request-span attributes and metrics, and no exported name or
 * attribute holds a key, a secret or a token.
 */
import { type AuditEvent, createKindeKeys } from "@acme/kinde-keys-core";
import { createFakeKinde } from "@acme/kinde-keys-testing";
import { context, SpanKind, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKindeKeysTelemetry, type KindeKeysTelemetryOptions } from "./index.ts";

class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
afterAll(() => context.disable());

const fake = createFakeKinde();
let exporter: InMemorySpanExporter;
let reader: TestReader;
let tracer: Tracer;
let telemetryOptions: KindeKeysTelemetryOptions;

beforeEach(() => {
  fake.clearFaults();
  exporter = new InMemorySpanExporter();
  tracer = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  }).getTracer("test");
  reader = new TestReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter("test");
  telemetryOptions = { tracer, meter };
});

function setup(options: Partial<KindeKeysTelemetryOptions> = {}) {
  const telemetry = createKindeKeysTelemetry({ ...telemetryOptions, ...options });
  const kinde = createKindeKeys(
    fake.clientConfig({
      ...telemetry.clientOptions({ fetch: fake.fetch }),
      retry: { limit: 0 },
      cache: {},
    }),
  );
  /** Runs `work` inside a request span, as an HTTP server instrumentation would. */
  const inRequest = <T>(name: string, work: () => Promise<T>) =>
    tracer.startActiveSpan(name, async (span) => {
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  return { telemetry, kinde, inRequest };
}

const spans = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);
const only = (name: string): ReadableSpan => {
  const found = spans(name);
  expect(found, name).toHaveLength(1);
  return found[0] as ReadableSpan;
};

async function points(name: string) {
  const { resourceMetrics } = await reader.collect();
  return dataPoints(resourceMetrics, name);
}

function dataPoints(resourceMetrics: ResourceMetrics, name: string) {
  return resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as { attributes: object; value: unknown }[]);
}

describe("createKindeKeysTelemetry", () => {
  it("traces a Kinde call as children of the request span and tags the request span", async () => {
    const { kinde, inRequest } = setup();
    const { id, key } = fake.addKey({ orgCode: "org_acme" });
    expect((await inRequest("GET /reports", () => kinde.verify(key))).valid).toBe(true);
    const request = only("GET /reports");
    const call = only("kinde_keys.verify");
    const token = only("kinde_keys.token");
    for (const child of [call, token]) {
      expect(child.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(child.kind).toBe(SpanKind.CLIENT);
    }
    expect(call.attributes).toMatchObject({
      "kinde_keys.call": "verify",
      "http.request.method": "POST",
      "server.address": new URL(fake.origin).hostname,
      "url.path": "/api/v1/api_keys/verify",
      "http.response.status_code": 200,
    });
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(request.attributes).toEqual({
      "kinde_keys.key_id": id,
      "kinde_keys.owner_type": "organization",
      "kinde_keys.org_code": "org_acme",
      "kinde_keys.verify.outcome": "valid",
      "kinde_keys.cached": false,
      "kinde_keys.stale": false,
    });
    const durations = await points("kinde_keys.kinde_call.duration");
    expect(durations.map((p) => p.attributes)).toContainEqual({
      "kinde_keys.call": "verify",
      "http.response.status_code": 200,
    });
  });

  it("a cached hit makes no Kinde span and is counted as cached", async () => {
    const { kinde, inRequest } = setup();
    const { key } = fake.addKey({ orgCode: "org_acme" });
    await inRequest("first", () => kinde.verify(key));
    exporter.reset();
    await inRequest("second", () => kinde.verify(key));
    expect(spans("kinde_keys.verify")).toHaveLength(0);
    expect(only("second").attributes).toMatchObject({
      "kinde_keys.cached": true,
      "kinde_keys.verify.outcome": "valid",
    });
    const counted = await points("kinde_keys.verifications");
    expect(counted).toContainEqual({
      attributes: { outcome: "valid", cached: true, stale: false },
      value: 1,
      startTime: expect.anything(),
      endTime: expect.anything(),
    });
  });

  it("marks a failed Kinde call as an error, by status or by error type", async () => {
    const { kinde, inRequest } = setup();
    const { key } = fake.addKey({ orgCode: "org_acme" });
    fake.inject({ endpoint: "verify", type: "status", status: 503, times: 1 });
    await expect(inRequest("down", () => kinde.verify(key))).rejects.toMatchObject({
      code: "KINDE_UNAVAILABLE",
    });
    const failed = only("kinde_keys.verify");
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes).toMatchObject({
      "http.response.status_code": 503,
      "error.type": "503",
    });
    expect(only("down").attributes["kinde_keys.verify.outcome"]).toBe("error");
    exporter.reset();
    fake.inject({ endpoint: "verify", type: "reset", times: 1 });
    await expect(inRequest("reset", () => kinde.verify(key))).rejects.toThrow();
    expect(only("kinde_keys.verify").status.code).toBe(SpanStatusCode.ERROR);
    expect(only("kinde_keys.verify").attributes["error.type"]).toBeTypeOf("string");
    const counted = await points("kinde_keys.verifications");
    expect(counted.map((p) => p.attributes)).toContainEqual({
      outcome: "error",
      cached: false,
      stale: false,
    });
  });

  it("counts refusals by code from audit events and tags the request span with the outcome", async () => {
    const { telemetry, inRequest } = setup({ orgCodeAttribute: false });
    const refused: AuditEvent = {
      timestamp: new Date().toISOString(),
      method: "GET",
      route: "/orgs/:org",
      routeMatched: true,
      status: 403,
      durationMs: 1,
      outcome: "ORG_MISMATCH",
      keyId: "api_key_1",
      ownerType: "organization",
      orgCode: "org_acme",
      scopes: [],
      stale: false,
    };
    await inRequest("audited", async () => telemetry.audit(refused));
    telemetry.audit({ ...refused, outcome: "allowed", status: 200 });
    const attributes = only("audited").attributes;
    expect(attributes).toMatchObject({
      "kinde_keys.outcome": "ORG_MISMATCH",
      "kinde_keys.key_id": "api_key_1",
    });
    expect(attributes["kinde_keys.org_code"]).toBeUndefined();
    const counted = await points("kinde_keys.refusals");
    expect(counted.map((p) => [p.attributes, p.value])).toEqual([[{ code: "ORG_MISMATCH" }, 1]]);
  });

  it("reports a breaker's state through the extension point", async () => {
    const { telemetry } = setup();
    let state: "closed" | "open" = "closed";
    telemetry.observeBreaker(() => state);
    expect((await points("kinde_keys.breaker.state")).map((p) => p.value)).toEqual([0]);
    state = "open";
    expect((await points("kinde_keys.breaker.state")).map((p) => p.value)).toEqual([2]);
    expect(() => telemetry.observeBreaker("x" as never)).toThrow(TypeError);
  });

  it("exports no key, secret or token in any span or metric", async () => {
    const { kinde, inRequest } = setup();
    const { key } = fake.addKey({ orgCode: "org_acme" });
    const { key: revoked, id } = fake.addKey({ userId: "kp_bob" });
    fake.revokeKey(id);
    await inRequest("a", () => kinde.verify(key));
    await inRequest("b", () => kinde.verify(key));
    await inRequest("c", () => kinde.verify(revoked));
    await inRequest("d", () => kinde.verify("k_live_not_a_real_key_0000000000"));
    fake.inject({ endpoint: "verify", type: "status", status: 500, times: 1 });
    await inRequest("e", () => kinde.verify(`${key}x`)).catch(() => undefined);
    const { resourceMetrics } = await reader.collect();
    const exported = JSON.stringify({
      spans: exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
      })),
      metrics: resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.map((metric) => ({
          name: metric.descriptor.name,
          points: metric.dataPoints.map((point) => point.attributes),
        })),
      ),
    });
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(5);
    for (const secret of [
      key,
      revoked,
      "k_live_not_a_real_key",
      fake.clientSecret,
      "Bearer",
      "k_live",
    ]) {
      expect(exported).not.toContain(secret);
    }
    // Every attribute value is short and plain: no token or body slipped in.
    expect(exported).not.toMatch(/eyJ[\w-]{10,}/);
  });
});
