/**
 * @module usage/days
 * UTC days as `YYYY-MM-DD`: what an event's timestamp falls on, and the days of a range.
 */

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of a time, `YYYY-MM-DD`. */
export function utcDay(time: number | string | Date): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A day given as `YYYY-MM-DD` or a `Date`, checked.
 * @throws {TypeError} for anything else, or an impossible date
 */
export function toDay(value: string | Date, name: string): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return utcDay(value);
  if (typeof value === "string" && DAY.test(value) && utcDay(`${value}T00:00:00Z`) === value) {
    return value;
  }
  throw new TypeError(`usage: \`${name}\` must be a YYYY-MM-DD day or a Date.`);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_MS) days.push(utcDay(t));
  return days;
}

/** The day `days` before `day`. */
export function dayBefore(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS);
}
