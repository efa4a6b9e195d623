/**
 * @module telemetry
 * `createKindeKeysTelemetry`: the hooks that connect kinde-keys to OpenTelemetry. `clientOptions()`
 * goes into `createKindeKeys` (a traced `fetch` and `onVerify`), `audit` into an adapter's `audit`
 * option. Nothing here runs unless a hook is called, so an app that does not use it pays nothing.
 */
import type { AuditEvent, KindeKeysConfig, VerifyEvent } from "@acme/kinde-keys-core";
import { type Meter, metrics, type Tracer, trace } from "@opentelemetry/api";
import { METRICS, REQUEST_ATTRIBUTES, SCOPE } from "./attributes.ts";
import { tracedFetch } from "./kinde-fetch.ts";

/** Options of {@link createKindeKeysTelemetry}. */
export interface KindeKeysTelemetryOptions {
  /** @default `trace.getTracer("@acme/kinde-keys-otel")` from the global provider */
  tracer?: Tracer;
  /** @default `metrics.getMeter("@acme/kinde-keys-otel")` from the global provider */
  meter?: Meter;
  /**
   * Put the key's organization code on the request span. Turn off where org codes are too many
   * for your backend's attribute cardinality. (Metrics never carry it.)
   * @default true
   */
  orgCodeAttribute?: boolean;
}

/** The state a circuit breaker reports, for {@link KindeKeysTelemetry.observeBreaker}. */
export type BreakerState = "closed" | "half-open" | "open";

/** The hooks; see {@link createKindeKeysTelemetry}. */
export interface KindeKeysTelemetry {
  /**
   * `fetch` and `onVerify` for `createKindeKeys`; given your own, they are called too.
   * @example `createKindeKeys({ domain, ...telemetry.clientOptions() })`
   */
  clientOptions(own?: Pick<KindeKeysConfig, "fetch" | "onVerify">): {
    fetch: typeof fetch;
    onVerify: (event: VerifyEvent) => void;
  };
  /** A `fetch` that traces each call to Kinde (what `clientOptions` uses). */
  fetch(base?: typeof fetch): typeof fetch;
  /** The `onVerify` hook: request-span attributes and the verifications counter. */
  onVerify(event: VerifyEvent): void;
  /** An audit sink: the request's outcome on its span and the refusals counter. */
  audit(event: AuditEvent): void;
  /**
   * Reports a circuit breaker's state as the gauge `kinde_keys.breaker.state` (0 closed,
   * 1 half-open, 2 open), read at each collection. kinde-keys has no breaker of its own yet: this is
   * where one is connected.
   */
  observeBreaker(read: () => BreakerState | undefined): void;
}

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2 };

/**
 * Creates the OpenTelemetry hooks for kinde-keys.
 *
 * @example
 * ```ts
 * const telemetry = createKindeKeysTelemetry();
 * const kinde = createKindeKeys({ domain: "acme.kinde.com", ...telemetry.clientOptions() });
 * app.use(kindeApiKey({ client: kinde, audit: telemetry.audit }));
 * ```
 */
export function createKindeKeysTelemetry(
  options: KindeKeysTelemetryOptions = {},
): KindeKeysTelemetry {
  const tracer = options.tracer ?? trace.getTracer(SCOPE);
  const meter = options.meter ?? metrics.getMeter(SCOPE);
  const withOrgCode = options.orgCodeAttribute ?? true;
  const verifications = meter.createCounter(METRICS.verifications, {
    description: "Key verifications, by outcome and whether the cache answered",
  });
  const refusals = meter.createCounter(METRICS.refusals, {
    description: "Requests refused by kinde-keys, by refusal code",
  });
  const callDuration = meter.createHistogram(METRICS.kindeCallDuration, {
    description: "Duration of calls to Kinde",
    unit: "s",
  });

  const telemetry: KindeKeysTelemetry = {
    clientOptions(own = {}) {
      const onVerify = own.onVerify
        ? (event: VerifyEvent) => {
            telemetry.onVerify(event);
            own.onVerify?.(event);
          }
        : telemetry.onVerify;
      return { fetch: telemetry.fetch(own.fetch), onVerify };
    },
    fetch: (base) => tracedFetch(base, tracer, callDuration),
    onVerify(event) {
      const stale = (event as { stale?: unknown }).stale === true;
      verifications.add(1, { outcome: event.outcome, cached: event.cached, stale });
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      span.setAttributes({
        [REQUEST_ATTRIBUTES.verifyOutcome]: event.outcome,
        [REQUEST_ATTRIBUTES.cached]: event.cached,
        [REQUEST_ATTRIBUTES.stale]: stale,
      });
      if (event.keyId) span.setAttribute(REQUEST_ATTRIBUTES.keyId, event.keyId);
      if (event.owner) span.setAttribute(REQUEST_ATTRIBUTES.ownerType, event.owner.type);
      if (withOrgCode && event.owner?.type === "organization")
        span.setAttribute(REQUEST_ATTRIBUTES.orgCode, event.owner.orgCode);
    },
    audit(event) {
      if (event.outcome !== "allowed") refusals.add(1, { code: event.outcome });
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      span.setAttribute(REQUEST_ATTRIBUTES.outcome, event.outcome);
      if (event.keyId) span.setAttribute(REQUEST_ATTRIBUTES.keyId, event.keyId);
      if (event.ownerType) span.setAttribute(REQUEST_ATTRIBUTES.ownerType, event.ownerType);
      if (withOrgCode && event.orgCode)
        span.setAttribute(REQUEST_ATTRIBUTES.orgCode, event.orgCode);
      if (event.stale !== undefined) span.setAttribute(REQUEST_ATTRIBUTES.stale, event.stale);
    },
    observeBreaker(read) {
      if (typeof read !== "function") throw new TypeError("observeBreaker needs a function.");
      meter
        .createObservableGauge(METRICS.breakerState, {
          description: "Circuit breaker state: 0 closed, 1 half-open, 2 open",
        })
        .addCallback((result) => {
          const state = read();
          if (state !== undefined && state in BREAKER_VALUES) result.observe(BREAKER_VALUES[state]);
        });
    },
  };
  return telemetry;
}
