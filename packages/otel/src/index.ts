/**
 * @module @acme/kinde-keys-otel
 * OpenTelemetry for kinde-keys: a client span per call to Kinde (`kinde_keys.verify`, child of the
 * active span, error status on failure), the key id, owner type, org code, outcome and cache flags
 * on the request's active span, and metrics (verifications by outcome and cache result, the
 * duration of Kinde calls, refusals by code, a breaker's state). Depends on `@opentelemetry/api`
 * only; bring your own SDK and exporters.
 */
export { METRICS, REQUEST_ATTRIBUTES } from "./attributes.ts";
export type { KindeCallKind } from "./kinde-fetch.ts";
export type {
  BreakerState,
  KindeKeysTelemetry,
  KindeKeysTelemetryOptions,
} from "./telemetry.ts";
export { createKindeKeysTelemetry } from "./telemetry.ts";
