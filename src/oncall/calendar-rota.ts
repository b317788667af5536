// The rota in force: the iCalendar feed's shifts when oncall.ical_url is set and readable (fetched, cached and
// refreshed), else vigil.yml's rotation. A feed that cannot be read keeps the last good copy, or falls back.
import type { Logger } from 'pino';
import type { OncallConfig, Rotation } from '../config/oncall-schema.ts';
import { calendarShifts } from './calendar-shifts.ts';
import type { OncallOverride } from './on-call-timeline.ts';
import { parseIcal, type IcalCalendar } from './parse-ical.ts';

/** The rota to answer "who is on call" from: vigil.yml's rotation, or none and the calendar's shifts. */
export interface RotaInForce {
  source: 'vigil.yml' | 'calendar';
  rota: Rotation | undefined;
  /** The calendar's shifts around the instant asked about (empty for vigil.yml), weaker than /oncall set overrides. */
  shifts: OncallOverride[];
}

/** What the calendar rota is built from; `fetchText` reads the URL (tests and the composition pass theirs). */
export interface CalendarRotaDeps {
  oncall: OncallConfig;
  timezone: string;
  logger: Logger;
  clock: () => Date;
  fetchText?: (url: string) => Promise<string>;
}

const DAY_MS = 86_400_000;
// The shifts handed out around an instant: enough behind for the shift in progress, ahead for /oncall schedule.
const BEHIND_MS = 35 * DAY_MS;
const AHEAD_MS = 60 * DAY_MS;
// After a failed read, the next try comes this soon (not every call, not a whole refresh period later).
const RETRY_AFTER_FAILURE_MS = 60_000;
const FETCH_TIMEOUT_MS = 10_000;
/** oncall.ical_refresh_minutes when vigil.yml does not say. */
export const DEFAULT_REFRESH_MINUTES = 15;

/** Reads a URL as text; an HTTP error or a timeout throws. */
export async function fetchCalendarText(url: string): Promise<string> {
  const res = await fetch(url, { headers: { accept: 'text/calendar' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/** The function answering "which rota is in force at `now`"; without oncall.ical_url always vigil.yml's. */
export function calendarRota(deps: CalendarRotaDeps): (now: Date) => Promise<RotaInForce> {
  const { oncall, logger } = deps;
  const yml: RotaInForce = { source: 'vigil.yml', rota: oncall.rotation, shifts: [] };
  const url = oncall.ical_url;
  if (!url) return async () => yml;
  const fetchText = deps.fetchText ?? fetchCalendarText;
  let cached: IcalCalendar | undefined;
  let nextReadAt = 0;
  let reading: Promise<void> | undefined;

  const read = async () => {
    const started = deps.clock().getTime();
    try {
      const calendar = parseIcal(await fetchText(url));
      if (calendar.events.length === 0) throw new Error('it holds no events');
      for (const problem of calendar.problems) logger.warn({ problem }, 'on-call calendar: part of it was not read');
      cached = calendar;
      nextReadAt = started + (oncall.ical_refresh_minutes ?? DEFAULT_REFRESH_MINUTES) * 60_000;
    } catch (err) {
      nextReadAt = started + RETRY_AFTER_FAILURE_MS;
      logger.warn(
        { err: err instanceof Error ? err.message : String(err), stale: cached !== undefined },
        cached
          ? 'on-call calendar could not be read; using the last copy read'
          : 'on-call calendar could not be read; using the rotation in vigil.yml',
      );
    }
  };

  return async (now) => {
    if (deps.clock().getTime() >= nextReadAt) {
      // One read at a time: callers arriving meanwhile wait for it.
      reading ??= read().finally(() => (reading = undefined));
      await reading;
    }
    if (!cached) return yml;
    const from = new Date(now.getTime() - BEHIND_MS);
    const { shifts, unnamed } = calendarShifts(
      cached,
      oncall.ical_people ?? {},
      from,
      new Date(now.getTime() + AHEAD_MS),
      deps.timezone,
    );
    if (unnamed.length > 0) logger.debug({ unnamed }, 'on-call calendar events naming nobody vigil knows were skipped');
    return { source: 'calendar', rota: undefined, shifts };
  };
}
