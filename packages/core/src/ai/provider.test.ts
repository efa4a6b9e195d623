/**
 * The local provider: deterministic answers, and a latency that an abort cuts short.
 */
import { describe, expect, it } from "vitest";
import { type AIProviderRequest, createLocalAIProvider } from "./provider.ts";

function request(overrides: Partial<AIProviderRequest> = {}): AIProviderRequest {
  return {
    prompt: "ContextOwner: org:org_acme\nContext: {}\n\nRequest:\nhello",
    owner: "org:org_acme",
    context: { tickets: [1, 2], plan: "pro" },
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe("createLocalAIProvider", () => {
  it("answers the same request with the same text, naming the owner and the context", async () => {
    const provider = createLocalAIProvider();
    const first = await provider(request());
    expect(await provider(request())).toBe(first);
    expect(first).toMatch(
      /^\[local-ai [0-9a-f]{8}\] Answer for org:org_acme, based on tickets\(2\), plan/,
    );
    expect(await provider(request({ prompt: "other" }))).not.toBe(first);
    expect(await provider(request({ owner: "user:kp_1", context: null }))).toContain(
      "Answer for user:kp_1, based on no context",
    );
  });

  it("waits latencyMs, and stops waiting when the signal aborts", async () => {
    const provider = createLocalAIProvider({ latencyMs: 30 });
    const started = performance.now();
    await provider(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const controller = new AbortController();
    const slow = createLocalAIProvider({ latencyMs: 60_000 })(
      request({ signal: controller.signal }),
    );
    controller.abort(new Error("gone"));
    await expect(slow).rejects.toThrow("gone");
  });
});
