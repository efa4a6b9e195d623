/**
 * `AIApplication`'s usage hook and the options it hands its guards: `onUsage` gets sizes and
 * provider time (never the prompt, the answer or the key) and cannot change an answer, and
 * `inputGuard` / `responseGuard` reach `sanitizeAIInput` / `validateAIResponse`.
 */
import { describe, expect, it, vi } from "vitest";
import type { VerifiedApiKey } from "../types.ts";
import { AIApplication } from "./application.ts";
import { isAIApplicationError } from "./errors.ts";
import type { AIUsageEvent } from "./options.ts";

const key: VerifiedApiKey = Object.freeze({
  keyId: "api_key_9",
  scopes: [],
  owner: Object.freeze({ type: "organization", orgCode: "org_acme" }),
  orgCode: "org_acme",
  userId: null,
  lastVerifiedOn: null,
  verificationCount: null,
});

const IMAGE_ANSWER = "Here: ![chart](https://cdn.acme.com/chart.png)";

describe("AIApplication onUsage", () => {
  it("reports one answered request with sizes and provider time, nothing of the text", async () => {
    const events: AIUsageEvent[] = [];
    const ai = AIApplication.fromVerified(key, {
      provider: async () => "four",
      onUsage: (event) => void events.push(event),
    });
    await ai.processAIRequest("hello", {});
    expect(events).toEqual([
      {
        timestamp: expect.any(String),
        keyId: "api_key_9",
        ownerType: "organization",
        orgCode: "org_acme",
        userId: null,
        inputChars: 5,
        outputChars: 4,
        durationMs: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/hello|four/);
  });

  it("answers the same when the hook throws or rejects, and logs it", async () => {
    const warn = vi.fn();
    for (const onUsage of [
      () => {
        throw new Error("hook threw");
      },
      () => Promise.reject(new Error("hook rejected")),
    ]) {
      const ai = AIApplication.fromVerified(key, {
        provider: async () => "fine",
        onUsage,
        logger: { warn },
      });
      expect((await ai.processAIRequest("hi", {})).response).toBe("fine");
    }
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(2));
    expect(warn).toHaveBeenCalledWith(
      { keyId: "api_key_9", err: "hook rejected" },
      "kinde-keys: AI onUsage failed",
    );
  });

  it("refuses a hook or guard options of the wrong type at construction", () => {
    const provider = async () => "x";
    expect(() => AIApplication.fromVerified(key, { provider, onUsage: 1 as never })).toThrow(
      /onUsage/,
    );
    expect(() =>
      AIApplication.fromVerified(key, { provider, responseGuard: "cdn" as never }),
    ).toThrow(/responseGuard/);
  });
});

describe("AIApplication guard options", () => {
  it("refuses a remote image by default and lets through the hosts in responseGuard", async () => {
    const provider = async () => IMAGE_ANSWER;
    const strict = AIApplication.fromVerified(key, { provider });
    const error = await strict.processAIRequest("chart?", {}).catch((e: unknown) => e);
    expect(isAIApplicationError(error) && error.code).toBe("OUTPUT_REJECTED");
    const allowing = AIApplication.fromVerified(key, {
      provider,
      responseGuard: { allowImageHosts: ["cdn.acme.com"] },
    });
    expect((await allowing.processAIRequest("chart?", {})).response).toBe(IMAGE_ANSWER);
  });

  it("hands inputGuard to the prompt guard: a longer limit, or strip mode", async () => {
    const provider = async () => "ok";
    const long = "a".repeat(12_000);
    const error = await AIApplication.fromVerified(key, { provider })
      .processAIRequest(long, {})
      .catch((e: unknown) => e);
    expect(isAIApplicationError(error) && error.code).toBe("INPUT_REJECTED");
    const roomy = AIApplication.fromVerified(key, { provider, inputGuard: { maxLength: 20_000 } });
    expect((await roomy.processAIRequest(long, {})).response).toBe("ok");
    const seen: string[] = [];
    const stripping = AIApplication.fromVerified(key, {
      provider: async ({ prompt }) => {
        seen.push(prompt);
        return "ok";
      },
      inputGuard: { mode: "strip" },
    });
    await stripping.processAIRequest("hi <script>alert(1)</script> there", {});
    expect(seen[0]).not.toContain("<script>");
  });
});
