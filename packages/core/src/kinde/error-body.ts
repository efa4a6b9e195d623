/**
 * @module kinde/error-body
 * Reading the body of a failed Kinde answer. Kinde writes its errors in more than one shape: its
 * API answers `{ errors: [{ code, message }] }`, some routes `{ errors: { code, message } }` (an
 * object, not an array), and the OAuth token endpoint `{ error, error_description }` (RFC 6749
 * §5.2). All of them read as the same list of entries, and the shape is kept for rules that depend
 * on it.
 */
import * as z from "zod/mini";
import { optionalString } from "./fields.ts";

/** One error Kinde reported. */
export interface KindeErrorEntry {
  readonly code?: string | null;
  readonly message?: string | null;
}

/** How Kinde wrote its error body; `none` when it was not one of Kinde's error shapes. */
export type KindeErrorShape = "array" | "object" | "oauth" | "none";

/** A failed answer's body, read. */
export interface KindeErrorBody {
  readonly shape: KindeErrorShape;
  /** Kinde's errors in the order it sent them; an OAuth error comes last. */
  readonly entries: readonly KindeErrorEntry[];
}

const entrySchema = z.object({ code: optionalString, message: optionalString });

const oauthFields = { error: optionalString, error_description: optionalString };
// Two object schemas rather than a `z.union`, which would add its own code to every edge bundle.
const listBodySchema = z.object({
  errors: z.optional(z.nullable(z.array(entrySchema))),
  ...oauthFields,
});
const objectBodySchema = z.object({ errors: entrySchema, ...oauthFields });

const NOTHING: KindeErrorBody = { shape: "none", entries: [] };

/** Reads a failed answer's parsed JSON body (or `undefined`) in any of Kinde's error shapes. */
export function readErrorBody(data: unknown): KindeErrorBody {
  const body = listBodySchema.safeParse(data).data ?? objectBodySchema.safeParse(data).data;
  if (!body) return NOTHING;
  const { errors, error, error_description } = body;
  const entries: KindeErrorEntry[] = Array.isArray(errors) ? [...errors] : errors ? [errors] : [];
  if (error) entries.push({ code: error, message: error_description });
  const shape = Array.isArray(errors) ? "array" : errors ? "object" : error ? "oauth" : "none";
  return { shape, entries };
}
