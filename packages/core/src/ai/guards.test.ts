/**
 * The AI guards on their own: what each refuses, what passes untouched, `strip` mode, the length
 * limits at their exact edges, and that hostile inputs at the limit stay fast (no super-linear regex).
 */
import { describe, expect, it } from "vitest";
import {
  MAX_AI_INPUT_LENGTH,
  MAX_AI_RESPONSE_LENGTH,
  sanitizeAIInput,
  validateAIResponse,
} from "./guards.ts";

describe("sanitizeAIInput", () => {
  it.each([
    ["<script>alert(1)</script>", "script_tag"],
    ["< SCRIPT src=//evil.example>", "script_tag"],
    ["text </script> more", "script_tag"],
    ["javascript:alert(1)", "javascript_url"],
    ["JaVaScRiPt:alert(1)", "javascript_url"],
    ["java\tscript:alert(1)", "javascript_url"],
    ["&#106;avascript&colon;alert(1)", "javascript_url"],
    ["&#x6A;avascript:alert(1)", "javascript_url"],
    ["vbscript:msgbox(1)", "javascript_url"],
    ['<img src=x onerror="alert(1)">', "inline_handler"],
    ["<svg/onload=alert(1)>", "inline_handler"],
    ["<div\nonmouseover = 'x()'>", "inline_handler"],
    ['" onfocus="alert(1)" autofocus="', "inline_handler"],
    ["<a onbeforetoggle=x>", "inline_handler"],
  ])("refuses %j (%s)", (input, violation) => {
    expect(sanitizeAIInput(input)).toMatchObject({ ok: false, violation });
  });

  it.each([
    "Summarise the last three tickets for the billing team.",
    "Is 3 < 4 and 5 > 2? In JavaScript, x => x + 1 is fine; a JavaScript : label too.",
    "Set one=1, online=true and noon=12 in the config.",
    "Escaped markup is inert: &lt;script&gt;alert(1)&lt;/script&gt;",
    "Describe the <b>bold</b> tag and the onboarding flow.",
  ])("lets %j through untouched", (input) => {
    expect(sanitizeAIInput(input)).toEqual({ ok: true, value: input, removed: [] });
  });

  it("refuses text over the limit and accepts text at it", () => {
    expect(sanitizeAIInput("a".repeat(MAX_AI_INPUT_LENGTH)).ok).toBe(true);
    expect(sanitizeAIInput("a".repeat(MAX_AI_INPUT_LENGTH + 1))).toMatchObject({
      ok: false,
      violation: "too_long",
    });
    expect(sanitizeAIInput("a".repeat(11), { maxLength: 10 })).toMatchObject({
      violation: "too_long",
    });
  });

  it("refuses non-text and blank prompts", () => {
    expect(sanitizeAIInput(42)).toMatchObject({ ok: false, violation: "not_text" });
    expect(sanitizeAIInput(undefined)).toMatchObject({ ok: false, violation: "not_text" });
    expect(sanitizeAIInput(" \n\t ")).toMatchObject({ ok: false, violation: "empty" });
  });

  it("refuses oversize text in strip mode too: it is never cut", () => {
    const input = `<script>x</script>${"a".repeat(MAX_AI_INPUT_LENGTH)}`;
    expect(sanitizeAIInput(input, { mode: "strip" })).toMatchObject({
      ok: false,
      violation: "too_long",
    });
  });

  describe("strip mode", () => {
    it.each([
      ["Hello <script>steal()</script>world", "Hello world", ["script_tag"]],
      ['<img src=x onerror="alert(1)"> caption', "<img src=x> caption", ["inline_handler"]],
      ["<a href=javascript:alert(1)>x</a>", "<a href=alert(1)>x</a>", ["javascript_url"]],
      ["<b onclick=go()>Hi</b><script>x</script>", "<b>Hi</b>", ["script_tag", "inline_handler"]],
    ])("cleans %j", (input, value, removed) => {
      const result = sanitizeAIInput(input, { mode: "strip" });
      expect(result).toMatchObject({ ok: true, value });
      expect(result.ok && [...result.removed].sort()).toEqual([...removed].sort());
    });

    it("does not let stripping assemble a new script tag", () => {
      const result = sanitizeAIInput("<scr<script>x</script>ipt>alert(1)</scr</script>ipt>", {
        mode: "strip",
      });
      if (result.ok) expect(result.value).not.toMatch(/<\s*\/?\s*script/i);
      else expect(["script_tag", "empty"]).toContain(result.violation);
    });

    it("refuses a prompt that was nothing but markup", () => {
      expect(sanitizeAIInput("<script>x</script>", { mode: "strip" })).toMatchObject({
        ok: false,
        violation: "empty",
      });
    });
  });

  it("stays fast on hostile input at the length limit", () => {
    const hostile = [
      "<a ".repeat(3_333),
      "<script ".repeat(1_250),
      "on".repeat(5_000),
      "&#".repeat(5_000),
    ];
    const started = performance.now();
    for (const input of hostile) {
      sanitizeAIInput(input.slice(0, MAX_AI_INPUT_LENGTH));
      sanitizeAIInput(input.slice(0, MAX_AI_INPUT_LENGTH), { mode: "strip" });
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("validateAIResponse", () => {
  it.each([
    ["Sure! <script>alert(1)</script>", "script_tag"],
    ["[docs](javascript:alert(1))", "javascript_url"],
    ["<img src=x onerror=alert(1)>", "inline_handler"],
    ['<iframe src="https://evil.example"></iframe>', "embedded_content"],
    ["<object data=x>", "embedded_content"],
    ["data:text/html;base64,PHNjcmlwdD4=", "embedded_content"],
    ["Your key is k_live_3f9a0c1b2d4e5f60718293a4b5c6abcd", "secret"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIE…", "secret"],
  ])("refuses %j (%s)", (output, violation) => {
    expect(validateAIResponse(output)).toMatchObject({ ok: false, violation });
  });

  it("accepts ordinary answers, including empty ones and markdown", () => {
    for (const output of ["", "## Summary\n- 3 open tickets\n- `x => x * 2`", "Use <b>bold</b>."]) {
      expect(validateAIResponse(output)).toEqual({ ok: true, value: output, removed: [] });
    }
  });

  it("refuses answers over the limit and accepts answers at it", () => {
    expect(validateAIResponse("b".repeat(MAX_AI_RESPONSE_LENGTH)).ok).toBe(true);
    expect(validateAIResponse("b".repeat(MAX_AI_RESPONSE_LENGTH + 1))).toMatchObject({
      ok: false,
      violation: "too_long",
    });
  });

  it("refuses non-text answers", () => {
    expect(validateAIResponse({ text: "hi" })).toMatchObject({ ok: false, violation: "not_text" });
  });

  it("applies the caller's own patterns, global ones included, the same way on every call", () => {
    const patterns = [/internal\.acme\.com/g];
    for (let call = 0; call < 3; call += 1) {
      expect(validateAIResponse("see https://internal.acme.com/x", { patterns })).toMatchObject({
        ok: false,
        violation: "custom_pattern",
      });
    }
    expect(validateAIResponse("see https://acme.com", { patterns }).ok).toBe(true);
  });

  it("stays fast on hostile answers at the length limit", () => {
    const started = performance.now();
    validateAIResponse("<a ".repeat(MAX_AI_RESPONSE_LENGTH / 3));
    validateAIResponse("k_live_".repeat(MAX_AI_RESPONSE_LENGTH / 7));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
