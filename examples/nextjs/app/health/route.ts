/** `GET /health`: no key needed. */
export function GET(): Response {
  return Response.json({ ok: true });
}
