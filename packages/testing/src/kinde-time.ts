/**
 * @module kinde-time
 * Kinde's timestamp format. The verify answer's documented example is `2024-11-18T13:32:03+11`:
 * wall-clock time at UTC+11 (Kinde's home, Sydney in summer) with an hour-only offset. That is not
 * strict ISO 8601 (which wants `+11:00`), and SDKs with strict datetime parsers have tripped on it,
 * so the fake emits exactly that shape to keep such parsers honest.
 */

const OFFSET_HOURS = 11;
const HOUR_MS = 3_600_000;

/**
 * Formats an instant the way Kinde's docs show it: `YYYY-MM-DDTHH:mm:ss+11`.
 *
 * The instant is preserved: the wall-clock part is shifted to UTC+11 to match the offset.
 *
 * @param epochMs - Milliseconds since the Unix epoch.
 * @example
 * ```ts
 * formatKindeTimestamp(Date.UTC(2024, 10, 18, 2, 32, 3)); // "2024-11-18T13:32:03+11"
 * ```
 */
export function formatKindeTimestamp(epochMs: number): string {
  const wallClock = new Date(epochMs + OFFSET_HOURS * HOUR_MS).toISOString().slice(0, 19);
  return `${wallClock}+${OFFSET_HOURS}`;
}
