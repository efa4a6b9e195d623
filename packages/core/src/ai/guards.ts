/**
 * @module ai/guards
 * Guards around an AI call, each usable on its own: {@link sanitizeAIInput} checks what a caller
 * sends before it reaches a model, {@link validateAIResponse} checks what a model answers before it
 * reaches a caller. Both refuse oversize text first, so no pattern ever runs on unbounded input.
 * They are a last line of defence against markup that a browser would run (OWASP XSS prevention
 * cheat sheet), not an HTML sanitizer: render AI output as text, never as HTML. Every pattern they
 * run is linear in the length of the text (see ./patterns.ts).
 */
import { hasRemoteImage } from "./images.ts";
import { decodeCharacterReferences, foldForModel } from "./normalize.ts";
import { patterns } from "./patterns.ts";
import { stripHandlers, stripScripts } from "./strip.ts";

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
 * - `inline_handler`: an inline event handler such as `<svg onload=…>`, any `on…=` in a tag, or one
 *   shaped to break out of an attribute (`" onfocus="…`).
 * - `embedded_content`: `<iframe>`, `<object>`, `<embed>` or a `data:text/html` URL (answers only).
 * - `remote_image`: an image a chat UI would load from a host not allowed by `allowImageHosts`,
 *   markdown (`![x](https://…)`, also by reference) or HTML (`<img src>`, …) (answers only).
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
  | "remote_image"
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
  /**
   * Hosts that images in an answer may load from, compared exactly and without case
   * (`["cdn.acme.com"]` allows `https://cdn.acme.com/…`, not `static.cdn.acme.com`). Any other
   * remote image is refused: a chat UI fetches it on render, which can carry data out of the page.
   * Relative and `data:` URLs always pass.
   * @default []
   */
  allowImageHosts?: readonly string[];
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
 * markup (script tags, `javascript:` URLs, inline handlers, embedded frames), images from hosts not
 * in `allowImageHosts`, text shaped like an API key or private key, and any of `patterns`. Answers
 * are never edited: a refused answer is dropped whole.
 *
 * @example
 * ```ts
 * const checked = validateAIResponse(answer, {
 *   patterns: [/internal\.acme\.com/],
 *   allowImageHosts: ["cdn.acme.com"],
 * });
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
  const hosts = new Set(options.allowImageHosts?.map((host) => host.toLowerCase()));
  if (hasRemoteImage(output, hosts) || hasRemoteImage(decodeCharacterReferences(output), hosts))
    return refuse("remote_image");
  if (options.patterns?.some((pattern) => matches(pattern, output)))
    return refuse("custom_pattern");
  return { ok: true, value: output, removed: [] };
}

/**
 * Whether a prompt holds a line of its own starting with `ContextOwner:`, the marker of the line
 * that names the tenant an AI request runs for, so a caller could claim another tenant with it.
 * Checked on the text as a model reads it: compatibility forms folded (NFKC, so a fullwidth colon
 * counts) and invisible format characters removed (a soft hyphen inside the word counts too).
 */
export function forgesContextOwner(prompt: string): boolean {
  return patterns().contextMarker.test(foldForModel(prompt));
}

interface Rule {
  readonly violation: AIGuardViolation;
  /** Finds the construct in raw or decoded text. */
  readonly detect: RegExp;
  /** Removes it from raw text (`strip` mode). */
  readonly strip?: (text: string) => string;
}

let compiled: { readonly input: readonly Rule[]; readonly response: readonly Rule[] } | undefined;

function rules(): NonNullable<typeof compiled> {
  compiled ??= compileRules();
  return compiled;
}

function compileRules(): NonNullable<typeof compiled> {
  const found = patterns();
  const scriptTag: Rule = { violation: "script_tag", detect: found.scriptTag, strip: stripScripts };
  const javascriptUrl: Rule = {
    violation: "javascript_url",
    detect: found.scriptUrl,
    strip: (text) => text.replace(found.everyScriptUrl, ""),
  };
  const inlineHandler: Rule = {
    violation: "inline_handler",
    detect: found.inlineHandler,
    strip: stripHandlers,
  };
  const embeddedContent: Rule = { violation: "embedded_content", detect: found.embeddedContent };
  const apiKey: Rule = { violation: "secret", detect: found.apiKey };
  const privateKey: Rule = { violation: "secret", detect: found.privateKey };
  const input = [scriptTag, javascriptUrl, inlineHandler];
  return { input, response: [...input, embeddedContent, apiKey, privateKey] };
}

const MESSAGES: Record<AIGuardViolation, string> = {
  not_text: "Expected text",
  empty: "The prompt is empty",
  too_long: "The text is too long",
  script_tag: "Script tags are not allowed",
  javascript_url: "javascript: URLs are not allowed",
  inline_handler: "Inline event handlers are not allowed",
  embedded_content: "Embedded content is not allowed",
  remote_image: "Images from other hosts are not allowed",
  secret: "The text contains something shaped like a secret",
  custom_pattern: "The text matches a refused pattern",
};

function refuse(violation: AIGuardViolation): AIGuardResult {
  return { ok: false, violation, message: MESSAGES[violation] };
}

function firstViolation(text: string, rules: readonly Rule[]): Rule | undefined {
  const decoded = decodeCharacterReferences(text);
  return rules.find((rule) => rule.detect.test(decoded) || rule.detect.test(text));
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
  return new RegExp(pattern.source, pattern.flags.replace("g", "").replace("y", "")).test(text);
}
