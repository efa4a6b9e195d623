/**
 * @module kinde/fields
 * The small field readers every Kinde answer schema shares (verify, token and the management
 * calls): Kinde sends optional fields as absent or `null`, empty strings where it means "none",
 * counts that may be missing, and timestamps in a documented non-ISO form.
 */
import * as z from "zod/mini";

/** A string field Kinde may leave out or send as `null`. */
export const optionalString = z.optional(z.nullable(z.string()));

/** A list of strings Kinde may leave out or send as `null`. */
export const optionalStringList = z.optional(z.nullable(z.array(z.string())));

/** `null` for an absent, `null` or empty string, which Kinde uses alike for "none". */
export function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}

/** A count that is informational: a finite number, or `null` for anything else. */
export function countOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

// A time followed by `+hh` or `+hhmm` at the very end, e.g. `T13:32:03+11`.
const OFFSET_WITHOUT_COLON = /(T[\d:.]+[+-]\d{2})(\d{2})?$/;

/**
 * Kinde documents its timestamps as `2024-11-18T13:32:03+11` (an offset without minutes), which
 * strict ISO parsers reject. Normalise the offset, then parse; anything unreadable becomes `null`
 * because the fields are informational.
 */
export function normaliseTimestamp(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  const fixed = value.replace(
    OFFSET_WITHOUT_COLON,
    (_, head: string, minutes?: string) => `${head}:${minutes ?? "00"}`,
  );
  const time = Date.parse(fixed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
