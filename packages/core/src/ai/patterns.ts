/**
 * @module ai/patterns
 * Every regular expression the AI guards run, in one table, so that one test can prove each of them
 * linear with a static ReDoS checker ({@link guardPatterns}). Hostile text reaches these patterns
 * straight from a caller or a model, so a pattern that backtracks would let one request block the
 * event loop: no two unbounded quantifiers over overlapping classes may sit side by side (as in
 * `\s*\/?\s*`, which lets a run of spaces split n ways at each of n starts) or nest.
 */

/** The compiled patterns, by what they find. Global ones are only used with `replace`/`matchAll`. */
export interface GuardPatterns {
  /** `<script` or `</script`, spaces allowed where browsers allow them. */
  readonly scriptTag: RegExp;
  /** Every opening or closing script tag; group 1 is set on a closing one. */
  readonly scriptTags: RegExp;
  /** A `javascript:` or `vbscript:` scheme, with the tabs and newlines browsers drop. */
  readonly scriptUrl: RegExp;
  readonly everyScriptUrl: RegExp;
  /** An event-handler attribute inside a tag, or one shaped to break out of an attribute. */
  readonly inlineHandler: RegExp;
  /** Every tag, from `<` to `>` or to the next `<` when it is not closed. */
  readonly anyTag: RegExp;
  /** Every handler attribute with its value inside one tag; group 1 is the boundary before it. */
  readonly handlerAttribute: RegExp;
  /** Every handler after a quote (a break-out); group 1 is the quote and what follows it. */
  readonly breakoutHandler: RegExp;
  /** Every bare handler with a quoted value or one that calls something; group 1 is the boundary. */
  readonly bareHandler: RegExp;
  readonly embeddedContent: RegExp;
  /** A Kinde API key shape. */
  readonly apiKey: RegExp;
  /** A PEM private key header. */
  readonly privateKey: RegExp;
  /** Numeric character references (`&#106;`, `&#x6A;`); group 1 is the code. */
  readonly numericReference: RegExp;
  /** The named references that can spell a URL scheme; group 1 is the name. */
  readonly namedReference: RegExp;
  /** Format characters and other default-ignorable code points, which render as nothing. */
  readonly invisible: RegExp;
  /** A line that starts with `ContextOwner:`, the marker of the tenant line of an AI prompt. */
  readonly contextMarker: RegExp;
  /** A markdown inline destination at a `(` (sticky); group 1 is the URL. */
  readonly inlineDestination: RegExp;
  /** Every markdown link reference definition (`[label]: url`); group 1 is the URL. */
  readonly referenceDefinition: RegExp;
  /** Every attribute of a tag that makes a browser fetch a URL; group 1 is the name. */
  readonly urlAttribute: RegExp;
  /** The name of a tag. */
  readonly tagName: RegExp;
  /** The first word of a `srcset` candidate; group 1 is the URL. */
  readonly firstWord: RegExp;
  /** Every tab or line break, which browsers drop from a URL. */
  readonly urlGap: RegExp;
  /** A URL that starts with a scheme. */
  readonly scheme: RegExp;
  /** A URL that starts with an authority (`//host`, also spelled with backslashes). */
  readonly authority: RegExp;
}

// Compiled on first use, not at import: apps that never call a guard (an adapter using only
// `verify`) then pay nothing for them, and bundlers can drop them.
let compiled: GuardPatterns | undefined;

/** The guards' patterns, compiled once. */
export function patterns(): GuardPatterns {
  compiled ??= compile();
  return compiled;
}

/**
 * Every pattern the AI guards run, for tests that check them all (a ReDoS checker).
 * @internal
 */
export function guardPatterns(): readonly RegExp[] {
  return Object.values(patterns());
}

function compile(): GuardPatterns {
  const handler = compileHandlers();
  const scriptUrl = compileScriptUrl();
  const attributeValue = `\\s*=\\s*(?:"([^"]*)"?|'([^']*)'?|([^\\s>]*))`;
  return {
    scriptTag: /<\s*(?:\/\s*)?script\b/i,
    scriptTags: /<\s*(\/\s*)?script\b[^<>]*>?/gi,
    scriptUrl: new RegExp(scriptUrl, "i"),
    everyScriptUrl: new RegExp(scriptUrl, "gi"),
    ...handler,
    embeddedContent: /<\s*(?:iframe|object|embed|frame|frameset)\b|data\s*:\s*text\/html/i,
    // Kinde key shapes (`k_live_…`, `kinde_…`): 16 characters after the prefix are enough to tell.
    apiKey: /\b(?:k_(?:live|test)_|kinde_)[A-Za-z0-9]{16}/,
    privateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    numericReference: /&#(x[0-9a-f]+|\d+);?/gi,
    namedReference: /&(colon|tab|newline|lpar);/gi,
    invisible: /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu,
    // Spaces before the marker may not include a line break: `^\s*` would rescan every blank line
    // from each line start before it.
    contextMarker: /^[^\S\n\r\u2028\u2029]*ContextOwner\s*:/im,
    inlineDestination: /\(\s*<?([^\s<>()]*)/y,
    referenceDefinition: /^ {0,3}\[[^[\]]+\]:[ \t]*(?:\r?\n[ \t]*)?<?([^\s<>]*)/gm,
    urlAttribute: new RegExp(
      `[\\s/"'\`]((?:xlink:)?href|src|srcset|poster|background|data)${attributeValue}`,
      "gi",
    ),
    tagName: /^<([a-z][a-z0-9-]*)/i,
    firstWord: /^\s*(\S*)/,
    urlGap: /[\t\n\r]/g,
    scheme: /^[a-z][a-z0-9+.-]*:/i,
    authority: /^[\\/]{2}/,
  };
}

// Browsers drop tabs and newlines inside a URL scheme (WHATWG URL), so `java\tscript:` runs too.
// A space before the colon makes it no scheme at all; prose such as "in JavaScript: …" still
// matches, an accepted false positive for a rule that must not miss the real thing.
function compileScriptUrl(): string {
  const gap = "[\\t\\n\\r\\0]*";
  const spaced = (word: string): string => [...word].join(gap);
  return `(?:${spaced("java")}|${spaced("vb")})${gap}${spaced("script")}${gap}:`;
}

// Handlers are matched by shape, `on` + letters + `=`, never by a list of event names: browsers
// keep adding events (`onscrollend`, `onbeforetoggle`, …). Inside a tag any such attribute counts.
// Outside a tag, prose such as "once = 3" or "online=true" must pass, so only the shapes that
// break out of an attribute the text is later put in count: right after a quote (`" onfocus=`), or
// with a quoted value or one that calls something (`x onfocus="…"`, `x onfocus=alert(1)`). Only a
// space starts a bare handler: a `/` cannot end an unquoted value, and an unquoted value holds no
// space, so no value can hold the start of another match (which made the scan quadratic).
function compileHandlers() {
  const boundary = `[\\s/"'\`]`;
  const anyValue = `\\s*=\\s*(?:"[^"]*"?|'[^']*'?|\`[^\`]*\`?|[^\\s>]*)`;
  const activeValue = `\\s*=\\s*(?:"[^"]*"?|'[^']*'?|\`[^\`]*\`?|[^\\s>"'\`(]*[(\`][^\\s>]*)`;
  const inTag = `<[a-z][^<>]*?${boundary}on[a-z]+\\s*=`;
  const breakout = `["'\`][\\s/]*on[a-z]+\\s*=`;
  const bare = `(?:^|\\s)on[a-z]+\\s*=\\s*(?:["'\`]|[^\\s>"'\`(]*[(\`])`;
  return {
    inlineHandler: new RegExp(`${inTag}|${breakout}|${bare}`, "i"),
    anyTag: /<[a-z][^<>]*>?/gi,
    handlerAttribute: new RegExp(`(${boundary})on[a-z]+${anyValue}`, "gi"),
    breakoutHandler: new RegExp(`(["'\`][\\s/]*)on[a-z]+${anyValue}`, "gi"),
    bareHandler: new RegExp(`(^|\\s)on[a-z]+${activeValue}`, "gi"),
  };
}
