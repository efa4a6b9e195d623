/**
 * Core's Fetch helper (`withKindeApiKey`, from the built `@acme/kinde-keys-core`) on the shared
 * conformance suite: the same cases and the same answers, byte for byte, as every framework adapter.
 * It runs here rather than in core's own tests because the harness is built on core.
 */
import * as core from "@acme/kinde-keys-core";
import { setupServer } from "msw/node";
import { runConformance } from "./conformance/suite.ts";

runConformance("Fetch helper", "fetch", core, { setupServer });
