/**
 * @module ai/normalize
 * The two readings of a text that the AI guards check besides the text itself: as a browser decodes
 * it ({@link decodeCharacterReferences}) and as a model reads it ({@link foldForModel}).
 */
import { patterns } from "./patterns.ts";

const NAMED_ENTITIES: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", lpar: "(" };

/**
 * The text as a browser would read it for detection: character references decoded (`&#106;`,
 * `&#x6A;`, `&colon;`). `&lt;` stays escaped, since escaped markup is inert.
 */
export function decodeCharacterReferences(text: string): string {
  const { numericReference, namedReference } = patterns();
  return text
    .replace(numericReference, (entity, code: string) => {
      const point =
        code[0] === "x" || code[0] === "X" ? Number.parseInt(code.slice(1), 16) : Number(code);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    })
    .replace(
      namedReference,
      (entity, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? entity,
    );
}

/**
 * The text as a model is likely to read it: compatibility forms folded (NFKC turns a fullwidth `：`
 * into `:` and `𝐂` into `C`) and invisible characters removed (format characters such as the soft
 * hyphen or a zero-width joiner, and the other default-ignorable code points), so that text which
 * only looks different to a pattern cannot slip past it.
 */
export function foldForModel(text: string): string {
  const { invisible } = patterns();
  // Removed after folding, so that nothing the fold leaves behind survives.
  return text.normalize("NFKC").replace(invisible, "");
}
