/**
 * @module ai/strip
 * The removals of `sanitizeAIInput`'s `strip` mode, each a single linear pass over the text.
 */
import { patterns } from "./patterns.ts";

/**
 * Removes script elements whole (their body is code too) and stray script tags alone. Each opening
 * tag is paired with the next closing tag found by one scan of the text, never by a search from
 * each opening tag, which would rescan the rest of the text once per unclosed tag.
 */
export function stripScripts(text: string): string {
  const tags = [...text.matchAll(patterns().scriptTags)];
  // For each tag, the index of the first closing tag at or after it (tags.length when none).
  const nextClosing = new Array<number>(tags.length + 1).fill(tags.length);
  for (let i = tags.length - 1; i >= 0; i -= 1) {
    nextClosing[i] = tags[i]?.[1] !== undefined ? i : (nextClosing[i + 1] ?? tags.length);
  }
  let kept = "";
  let from = 0;
  for (let i = 0; i < tags.length; i += 1) {
    const closing = nextClosing[i] ?? tags.length;
    const last = tags[i]?.[1] === undefined && closing < tags.length ? closing : i;
    const start = tags[i]?.index ?? 0;
    const end = (tags[last]?.index ?? 0) + (tags[last]?.[0].length ?? 0);
    kept += text.slice(from, start);
    from = end;
    i = last;
  }
  return kept + text.slice(from);
}

/** Removes event-handler attributes, with their values, in the shapes the guard refuses. */
export function stripHandlers(text: string): string {
  const { anyTag, handlerAttribute, breakoutHandler, bareHandler } = patterns();
  const keepBoundary = (_: string, before: string) => before;
  return (
    text
      // A space before the attribute goes with it; a `/` or quote that ends something else stays.
      .replace(anyTag, (tag) =>
        tag.replace(handlerAttribute, (_, before: string) => (before.trim() ? before : "")),
      )
      .replace(breakoutHandler, keepBoundary)
      .replace(bareHandler, keepBoundary)
  );
}
