// The period a digest covers, in VIGIL_TIMEZONE days: a local day (daily) or a Monday-to-Sunday
// week (weekly), as instants and as local dates. Pure.
import { addDays, zoneOffsetMs } from '../time/zone-time.ts';
import { VigilError } from '../errors.ts';
import { bucketStart } from '../metrics/grain.ts';

/** A digest period: [start, end) and its local dates, oldest first. */
export interface DigestPeriod {
  kind: 'daily' | 'weekly';
  /** Local date of the first day, YYYY-MM-DD. */
  label: string;
  start: Date;
  end: Date;
  days: string[];
}

/** The local date (YYYY-MM-DD) of an instant in `timezone`. */
export function localDateOf(at: number, timezone: string): string {
  return new Date(at + zoneOffsetMs(at, timezone)).toISOString().slice(0, 10);
}

/** The instant a local date starts in `timezone` (its first instant when midnight is skipped by DST). */
export function localDayStart(date: string, timezone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Three hours into the local day is inside it whatever the offset change of a DST day.
  return bucketStart(utcMidnight - zoneOffsetMs(utcMidnight, timezone) + 3 * 3_600_000, 'day', timezone);
}

/** The `count` local dates from `first`, oldest first. */
export function dayRange(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** The period of a digest: `date` is its first local day; by default yesterday, or the last full Monday-Sunday week. */
export function digestPeriod(kind: 'daily' | 'weekly', timezone: string, now: Date, date?: string): DigestPeriod {
  let first: string;
  if (date !== undefined) {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
      addDays(date, 0) !== date
    ) {
      throw new VigilError(
        'vigil_digest_date_invalid',
        `"${date}" is not a date.`,
        'Give the first day of the period as YYYY-MM-DD, e.g. 2026-11-25.',
      );
    }
    first = date;
  } else {
    const today = localDateOf(now.getTime(), timezone);
    if (kind === 'daily') first = addDays(today, -1);
    else {
      // getUTCDay of a date string's midnight is its weekday; Monday is 1, Sunday 0.
      const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
      first = addDays(today, -((weekday + 6) % 7) - 7);
    }
  }
  const length = kind === 'daily' ? 1 : 7;
  return {
    kind,
    label: first,
    start: new Date(localDayStart(first, timezone)),
    end: new Date(localDayStart(addDays(first, length), timezone)),
    days: dayRange(first, length),
  };
}
