// Date arithmetic on YYYY-MM-DD strings in UTC, the way Campfire's date fields are written.

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function parseDate(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

export function addDays(s: string, days: number): string {
  const d = parseDate(s);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

export function addMonths(s: string, months: number): string {
  const d = parseDate(s);
  d.setUTCMonth(d.getUTCMonth() + months);
  return isoDate(d);
}

export function firstOfMonth(s: string): string {
  return `${s.slice(0, 7)}-01`;
}

export function monthsBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

export function daysInMonth(s: string): number {
  const d = parseDate(firstOfMonth(s));
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.getUTCDate();
}

/** A timestamp on a given day, DRF-style with microseconds and a Z offset. */
export function timestamp(day: string, secondsIntoDay: number): string {
  const d = parseDate(day);
  d.setUTCSeconds(Math.floor(secondsIntoDay) % 86_400);
  return `${d.toISOString().slice(0, 19)}.${String(Math.floor((secondsIntoDay % 1) * 1e6)).padStart(6, '0')}Z`;
}

/** "Today" for the sample data: fixed, so the same seed gives the same bytes on every day. */
export const SAMPLE_TODAY = '2026-11-15';
