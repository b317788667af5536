// Wall-clock arithmetic in an IANA time zone with Intl alone: no date library, no clock reads.

/** A local date and time of day, as a person in the zone would read it off a wall clock. */
export interface LocalDateTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of `at` in `timezone` (seconds dropped). */
export function localParts(at: Date, timezone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

// How far the zone's wall clock is ahead of UTC at `at`, in ms (whole minutes).
function offsetMs(at: number, timezone: string): number {
  const l = localParts(new Date(at), timezone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/**
 * The instant a wall clock in `timezone` shows `local`. In a DST overlap the earlier instant wins;
 * in a DST gap the time is read with the offset before the gap, so it lands just after it.
 */
export function localToInstant(local: LocalDateTime, timezone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any transition near `guess` (zones change at most twice a year).
  const before = guess - offsetMs(guess - DAY_MS, timezone);
  const after = guess - offsetMs(guess + DAY_MS, timezone);
  const valid = [before, after].filter((t) => sameWallTime(t, local, timezone));
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

function sameWallTime(at: number, local: LocalDateTime, timezone: string): boolean {
  const l = localParts(new Date(at), timezone);
  return l.year === local.year && l.month === local.month && l.day === local.day && l.hour === local.hour && l.minute === local.minute;
}

/** Days since 1970-01-01 of a calendar date (timezone-free), for counting whole days between dates. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The calendar date `days` after the given one. */
export function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** True when year-month-day is a real calendar date (no 31 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Renders an instant as local "2026-01-05 09:00" for messages. */
export function formatLocal(at: Date, timezone: string): string {
  const l = localParts(at, timezone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}
