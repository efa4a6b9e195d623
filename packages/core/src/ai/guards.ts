/**
 * @module ai/guards
 * Guards around an AI call, each usable on its own: {@link sanitizeAIInput} checks what a caller
 * sends before it reaches a model, {@link validateAIResponse} checks what a model answers before it
 * reaches a caller. Both refuse oversize text first, so no pattern ever runs on unbounded input.
 * They are a last line of defence against markup that a browser would run (OWASP XSS prevention
 * cheat sheet), not an HTML sanitizer: render AI output as text, never as HTML.
 */

/** Longest prompt {@link sanitizeAIInput} accepts, in UTF-16 code units. */
export const MAX_AI_INPUT_LENGTH = 10_000;

/** Longest answer {@link validateAIResponse} accepts, in UTF-16 code units. */
export const MAX_AI_RESPONSE_LENGTH = 50_000;

/**
 * Why a guard refused (or, in `strip` mode, cleaned) a text.
 *
 * - `not_text`: not a string.
 * - `empty`: a prompt with nothing but whitespace.
 * - `too_long`: over the length limit.
 * - `script_tag`: `<script>` or `</script>`.
 * - `javascript_url`: a `javascript:` or `vbscript:` URL, also when spelled with entities or tabs.
 * - `inline_handler`: an inline event handler such as `onerror=` or `<svg onload=…>`.
 * - `embedded_content`: `<iframe>`, `<object>`, `<embed>` or a `data:text/html` URL (answers only).
 * - `secret`: something shaped like an API key or a private key (answers only).
 * - `custom_pattern`: one of the caller's own `patterns`.
 */
export type AIGuardViolation =
  | "not_text"
  | "empty"
  | "too_long"
  | "script_tag"
  | "javascript_url"
  | "inline_handler"
  | "embedded_content"
  | "secret"
  | "custom_pattern";

/**
 * The outcome of a guard: the text to use, or why it was refused. `removed` lists what `strip`
 * mode took out (empty when nothing was).
 */
export type AIGuardResult =
  | { readonly ok: true; readonly value: string; readonly removed: readonly AIGuardViolation[] }
  | { readonly ok: false; readonly violation: AIGuardViolation; readonly message: string };

/** Options of {@link sanitizeAIInput}. */
export interface SanitizeAIInputOptions {
  /**
   * `reject` refuses a prompt that holds active markup; `strip` removes it and refuses only what
   * cannot be cleaned. Regex stripping is best effort, so refusing is the safer default.
   * @default "reject"
   */
  mode?: "reject" | "strip";
  /**
   * Longest prompt accepted; longer ones are always refused, never cut.
   * @default 10000
   */
  maxLength?: number;
}

/** Options of {@link validateAIResponse}. */
export interface ValidateAIResponseOptions {
  /**
   * Longest answer accepted.
   * @default 50000
   */
  maxLength?: number;
  /** More patterns to refuse, e.g. internal hostnames or another tenant's identifiers. */
  patterns?: readonly RegExp[];
}

interface Rule {
  readonly violation: AIGuardViolation;
  /** Finds the construct in normalised text. */
  readonly detect: RegExp;
  /** Removes it from raw text (`strip` mode). */
  readonly strip?: (text: string) => string;
}

// Patterns are compiled on first use, not at import: apps that never call a guard (an adapter
// using only `verify`) then pay nothing for them, and bundlers can drop them.
let compiled: { readonly input: readonly Rule[]; readonly response: readonly Rule[] } | undefined;

function rules(): NonNullable<typeof compiled> {
  compiled ??= compileRules();
  return compiled;
}

function compileRules(): NonNullable<typeof compiled> {
  // Event-handler attributes that an attacker can use outside a tag, e.g. `" onerror="…` breaking
  // out of an attribute the text is later put in. Inside a tag, any `on…=` counts.
  const bareHandlers =
    "abort|animation\\w*|auxclick|beforeunload|blur|change|click|contextmenu|copy|cut|dblclick|drag\\w*|drop|error|focus\\w*|hashchange|input|invalid|key\\w+|load\\w*|message|mouse\\w+|paste|pointer\\w+|reset|resize|scroll|select|submit|toggle|touch\\w+|transition\\w*|unload|wheel";
  // An attribute value as HTML reads it: quoted, or up to the next space or `>`.
  const attributeValue = `\\s*=\\s*(?:"[^"]*"?|'[^']*'?|\`[^\`]*\`?|[^\\s>]*)`;
  // `[^<>]` rather than `[^>]` keeps the scan linear when the text holds many unclosed tags.
  const anyTag = /<[a-z][^<>]*>?/gi;
  const handlerInTag = new RegExp(`([\\s/"'\`])on[a-z]+${attributeValue}`, "gi");
  const bareHandler = new RegExp(`\\bon(?:${bareHandlers})${attributeValue}`, "gi");

  const scriptTag: Rule = {
    violation: "script_tag",
    detect: /<\s*\/?\s*script\b/i,
    // A whole element first (its body is code too), then any stray opening or closing tag.
    strip: (text) =>
      text.replace(/<\s*script\b[^>]*>[\s\S]*?<\s*\/\s*script\s*>|<\s*\/?\s*script\b[^>]*>?/gi, ""),
  };
  // Browsers drop tabs and newlines inside a URL scheme (WHATWG URL), so `java\tscript:` runs too.
  const schemeGap = "[\\t\\n\\r\\0]*";
  const spaced = (word: string): string => [...word].join(schemeGap);
  // A space before the colon makes it no scheme at all; prose such as "in JavaScript: …" still
  // matches, an accepted false positive for a rule that must not miss the real thing.
  const scriptUrl = `(?:${spaced("java")}|${spaced("vb")})${schemeGap}${spaced("script")}${schemeGap}:`;
  const everyScriptUrl = new RegExp(scriptUrl, "gi");
  const javascriptUrl: Rule = {
    violation: "javascript_url",
    detect: new RegExp(scriptUrl, "i"),
    strip: (text) => text.replace(everyScriptUrl, ""),
  };
  const inlineHandler: Rule = {
    violation: "inline_handler",
    detect: new RegExp(`<[a-z][^<>]*?[\\s/"'\`]on[a-z]+\\s*=|\\bon(?:${bareHandlers})\\s*=`, "i"),
    strip: (text) =>
      text
        // A space before the attribute goes with it; a `/` or quote that ends something else stays.
        .replace(anyTag, (tag) =>
          tag.replace(handlerInTag, (_, before: string) => (/\s/.test(before) ? "" : before)),
        )
        .replace(bareHandler, ""),
  };
  const embeddedContent: Rule = {
    violation: "embedded_content",
    detect: /<\s*(?:iframe|object|embed|frame|frameset)\b|data\s*:\s*text\/html/i,
  };
  const secret: Rule = {
    violation: "secret",
    // Kinde key shapes (`k_live_…`, `kinde_…`) and PEM private keys.
    detect: /\b(?:k_(?:live|test)_|kinde_)[A-Za-z0-9]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  };

  const input = [scriptTag, javascriptUrl, inlineHandler];
  return { input, response: [...input, embeddedContent, secret] };
}

const MESSAGES: Record<AIGuardViolation, string> = {
  not_text: "Expected text",
  empty: "The prompt is empty",
  too_long: "The text is too long",
  script_tag: "Script tags are not allowed",
  javascript_url: "javascript: URLs are not allowed",
  inline_handler: "Inline event handlers are not allowed",
  embedded_content: "Embedded content is not allowed",
  secret: "The text contains something shaped like a secret",
  custom_pattern: "The text matches a refused pattern",
};

const NAMED_ENTITIES: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", lpar: "(" };

/**
 * The text as a browser would read it for detection: character references decoded (`&#106;`,
 * `&#x6A;`, `&colon;`). `&lt;` stays escaped, since escaped markup is inert.
 */
function normalise(text: string): string {
  return text
    .replace(/&#(x[0-9a-f]+|\d+);?/gi, (entity, code: string) => {
      const point =
        code[0] === "x" || code[0] === "X" ? Number.parseInt(code.slice(1), 16) : Number(code);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    })
    .replace(
      /&(colon|tab|newline|lpar);/gi,
      (entity, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? entity,
    );
}

function refuse(violation: AIGuardViolation): AIGuardResult {
  return { ok: false, violation, message: MESSAGES[violation] };
}

function firstViolation(text: string, rules: readonly Rule[]): Rule | undefined {
  const normalised = normalise(text);
  return rules.find((rule) => rule.detect.test(normalised) || rule.detect.test(text));
}

// Stripping one construct can join its neighbours into a new one (`<scr<script>ipt>`): repeat
// until nothing changes, and refuse if the text is still unsafe after a few passes.
const MAX_STRIP_PASSES = 5;

function strip(text: string): { value: string; removed: AIGuardViolation[] } {
  let value = text;
  const removed = new Set<AIGuardViolation>();
  for (let pass = 0; pass < MAX_STRIP_PASSES; pass += 1) {
    const before = value;
    for (const rule of rules().input) {
      const next = rule.strip ? rule.strip(value) : value;
      if (next !== value) removed.add(rule.violation);
      value = next;
    }
    if (value === before) break;
  }
  return { value, removed: [...removed] };
}

/** `test` without the `lastIndex` state a global or sticky pattern carries between calls. */
function matches(pattern: RegExp, text: string): boolean {
  if (!pattern.global && !pattern.sticky) return pattern.test(text);
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")).test(text);
}

/**
 * Checks a prompt before it goes to a model: refuses non-text, blank and oversize prompts, and
 * refuses (or, with `mode: "strip"`, removes) script tags, `javascript:` URLs and inline event
 * handlers.
 *
 * @example
 * ```ts
 * const checked = sanitizeAIInput(req.body.prompt);
 * if (!checked.ok) return res.status(400).json({ code: "INPUT_REJECTED", reason: checked.violation });
 * await model(checked.value);
 * ```
 */
export function sanitizeAIInput(
  input: unknown,
  options: SanitizeAIInputOptions = {},
): AIGuardResult {
  if (typeof input !== "string") return refuse("not_text");
  if (input.length > (options.maxLength ?? MAX_AI_INPUT_LENGTH)) return refuse("too_long");
  if (input.trim() === "") return refuse("empty");
  const found = firstViolation(input, rules().input);
  if (!found) return { ok: true, value: input, removed: [] };
  if (options.mode !== "strip") return refuse(found.violation);
  const cleaned = strip(input);
  const left = firstViolation(cleaned.value, rules().input);
  if (left) return refuse(left.violation);
  if (cleaned.value.trim() === "") return refuse("empty");
  return { ok: true, value: cleaned.value, removed: cleaned.removed };
}

/**
 * Checks a model's answer before it reaches a caller: refuses non-text and oversize answers, active
 * markup (script tags, `javascript:` URLs, inline handlers, embedded frames), text shaped like an
 * API key or private key, and any of `patterns`. Answers are never edited: a refused answer is
 * dropped whole.
 *
 * @example
 * ```ts
 * const checked = validateAIResponse(answer, { patterns: [/internal\.acme\.com/] });
 * if (!checked.ok) throw new Error(`AI answer refused: ${checked.violation}`);
 * ```
 */
export function validateAIResponse(
  output: unknown,
  options: ValidateAIResponseOptions = {},
): AIGuardResult {
  if (typeof output !== "string") return refuse("not_text");
  if (output.length > (options.maxLength ?? MAX_AI_RESPONSE_LENGTH)) return refuse("too_long");
  const found = firstViolation(output, rules().response);
  if (found) return refuse(found.violation);
  if (options.patterns?.some((pattern) => matches(pattern, output)))
    return refuse("custom_pattern");
  return { ok: true, value: output, removed: [] };
}
