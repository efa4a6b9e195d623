/**
 * @module request-body
 * Reading JSON request bodies defensively. A body that is absent, not JSON or not an object is a
 * client bug the fake must answer with Kinde's 400, never an exception inside the fake.
 */

/**
 * The request's JSON body if it is an object, else `undefined`.
 *
 * @example
 * ```ts
 * const body = await readJsonObject(request);
 * if (typeof body?.api_key !== "string") return kindeError(400, "INVALID_REQUEST", "…");
 * ```
 */
export async function readJsonObject(
  request: Request,
): Promise<Record<string, unknown> | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await request.text());
  } catch {
    return undefined;
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}
