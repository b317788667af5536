// When the daily digest and the weekly report fire, and which period each firing summarises. Pure.
import { WEEKDAYS, type DigestSettings, type Weekday } from '../config/digest-schema.ts';
import { addDays, zoneOffsetMs } from '../time/zone-time.ts';

/** A scheduled digest: daily, or the weekly report. */
export type DigestKind = 'daily' | 'weekly';

const DAY_MS = 86_400_000;

/** node-cron expression (with seconds) firing at local `at` ("09:00") every day, or on `weekday` only. */
export function digestCronExpression(at: string, weekday?: Weekday): string {
  const [h, m] = parseLocalTime(at);
  return `0 ${m} ${h} * * ${weekday === undefined ? '*' : WEEKDAYS.indexOf(weekday)}`;
}

/** The cron expressions of the scheduled digests that are on. */
export function digestCronJobs(settings: DigestSettings): Array<{ kind: DigestKind; expression: string }> {
  if (!settings.enabled) return [];
  const jobs: Array<{ kind: DigestKind; expression: string }> = [
    { kind: 'daily', expression: digestCronExpression(settings.daily_at) },
  ];
  if (settings.weekly.enabled)
    jobs.push({ kind: 'weekly', expression: digestCronExpression(settings.weekly.at, settings.weekly.day) });
  return jobs;
}

/** The first instant strictly after `after` when the wall clock in `timezone` reads `at` (on `weekday`, if given). */
export function nextDigestFire(after: Date, at: string, timezone: string, weekday?: Weekday): Date {
  const [h, m] = parseLocalTime(at);
  let day = localDate(after, timezone);
  // Eight days always reach the next matching weekday, even when today's time has passed.
  for (let i = 0; i <= 8; i++, day = addDays(day, 1)) {
    if (weekday !== undefined && weekdayOf(day) !== weekday) continue;
    const fire = zonedInstant(day, h, m, timezone);
    if (fire.getTime() > after.getTime()) return fire;
  }
  throw new RangeError(`no ${at} ${weekday ?? ''} after ${after.toISOString()} in ${timezone}`);
}

/** The local date (YYYY-MM-DD) of `at` in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return new Date(at.getTime() + zoneOffsetMs(at.getTime(), timezone)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

// The wall time read as UTC, less the zone's offset at that instant; the second pass settles days when the offset changes.
function zonedInstant(date: string, hour: number, minute: number, timezone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  let t = wall - zoneOffsetMs(wall, timezone);
  t = wall - zoneOffsetMs(t, timezone);
  return new Date(t);
}

function parseLocalTime(at: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`not a local time HH:MM: ${at}`);
  return [Number(m[1]), Number(m[2])];
}

/** The last instant at or before `at` when the wall clock in `timezone` read `time` (on `weekday`, if given). */
export function previousDigestFire(at: Date, time: string, timezone: string, weekday?: Weekday): Date {
  let fire = nextDigestFire(new Date(at.getTime() - 8 * DAY_MS), time, timezone, weekday);
  for (
    let next = nextDigestFire(fire, time, timezone, weekday);
    next.getTime() <= at.getTime();
    next = nextDigestFire(fire, time, timezone, weekday)
  )
    fire = next;
  return fire;
}
