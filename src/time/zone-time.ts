// Wall-clock arithmetic in an IANA time zone with Intl alone (no date library, no clock reads): the one
// place vigil turns instants into local dates and times and back. Pure.

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
// Building an Intl.DateTimeFormat costs most of a millisecond; one per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function makeFormatter(timezone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** The formatter for `timezone`, or undefined when the name is not a time zone Intl knows. */
function formatterFor(timezone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timezone);
  if (f) return f;
  try {
    f = makeFormatter(timezone);
  } catch {
    return undefined;
  }
  formatters.set(timezone, f);
  return f;
}

function wallParts(at: Date, timezone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  // An unknown zone throws Intl's own RangeError here, naming it.
  for (const p of (formatterFor(timezone) ?? makeFormatter(timezone)).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

/** Whether `timezone` names a zone this runtime knows (e.g. "Asia/Jakarta"). */
export function isKnownTimezone(timezone: string): boolean {
  return formatterFor(timezone) !== undefined;
}

/** Milliseconds to add to an instant so that, read as UTC, it shows the wall-clock time in `timezone` (0 for an unknown zone). */
export function zoneOffsetMs(t: number, timezone: string): number {
  if (!isKnownTimezone(timezone) || !Number.isFinite(t)) return 0;
  const part = wallParts(new Date(t), timezone);
  const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return wall - Math.floor(t / 1000) * 1000;
}

/** The wall-clock reading of `at` in `timezone` (seconds dropped). */
export function localParts(at: Date, timezone: string): LocalDateTime {
  const parts = wallParts(at, timezone);
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
  return (
    l.year === local.year &&
    l.month === local.month &&
    l.day === local.day &&
    l.hour === local.hour &&
    l.minute === local.minute
  );
}

/** Days since 1970-01-01 of a calendar date (timezone-free), for counting whole days between dates. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The calendar date `days` after the given one, as its parts. */
export function addCalendarDays(
  year: number,
  month: number,
  day: number,
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** A YYYY-MM-DD date moved by `days` calendar days (may be negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when year-month-day is a real calendar date (no 31 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** "YYYY-MM-DD HH:mm" of an instant in `timezone` (seconds dropped), as messages print it. */
export function localDateTime(at: string | Date, timezone: string): string {
  const l = localParts(typeof at === 'string' ? new Date(at) : at, timezone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}

/** "YYYY-MM-DD HH:mm" of the end of a period in `timezone`: local midnight is the day before at 24:00. */
export function localEndDateTime(at: string | Date, timezone: string): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  const text = localDateTime(t, timezone);
  if (!text.endsWith(' 00:00')) return text;
  const l = localParts(t, timezone);
  const d = addCalendarDays(l.year, l.month, l.day, -1);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.year}-${p(d.month)}-${p(d.day)} 24:00`;
}

/** Local "YYYY-MM-DD HH:mm" forms an instant may be printed as: seconds dropped, rounded to the minute, or as an end. */
export function localInstants(iso: string, timezone: string): string[] {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return [];
  const rounded = new Date(Math.round(at.getTime() / MINUTE_MS) * MINUTE_MS);
  return [
    ...new Set([localDateTime(at, timezone), localDateTime(rounded, timezone), localEndDateTime(rounded, timezone)]),
  ];
}

/**
 * The instant a date option or parameter names: a date alone (YYYY-MM-DD) is local midnight in `timezone`,
 * a date and time without an offset is that wall-clock time there, and a time with Z or an offset keeps its
 * meaning. Null when the text is none of these.
 */
export function parseLocalInstant(text: string, timezone: string): Date | null {
  const t = text.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/.exec(t);
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
    if (!isCalendarDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) return null;
    const at = localToInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, timezone);
    return new Date(at.getTime() + second! * 1000 + Math.round(Number(local[7] ?? 0) * 1000));
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) return null;
  const at = new Date(t);
  return Number.isNaN(at.getTime()) ? null : at;
}
