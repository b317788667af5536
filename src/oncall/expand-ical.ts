// The occurrences of iCalendar events over a window: recurrences walked in the event's own wall time, so a
// 09:00 Europe/London handover stays at 09:00 across a daylight-saving change. Pure.
import { addCalendarDays, dayNumber, isKnownTimezone, localToInstant, type LocalDateTime } from '../time/zone-time.ts';
import type { IcalEvent, IcalTime } from './parse-ical.ts';

/** One occurrence of an event: [start, end). */
export interface Occurrence {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  attendees: string[];
  /** The event's position in the file (a tie-break between overlapping occurrences). */
  order: number;
}

const DAY_MS = 86_400_000;
// A bound on the days walked per recurring event (a daily rule started decades ago still ends).
const MAX_STEPS = 50_000;

/** The instant of an iCalendar time: Z is UTC, a TZID its zone, a floating time or a date `zone` (the calendar's). */
export function instantOf(t: IcalTime, zone: string): Date {
  const z = t.zone === 'UTC' ? 'UTC' : t.zone && isKnownTimezone(t.zone) ? t.zone : zone;
  return localToInstant(t.local, z);
}

function zoneOf(t: IcalTime, zone: string): string {
  return t.zone === 'UTC' ? 'UTC' : t.zone && isKnownTimezone(t.zone) ? t.zone : zone;
}

function shiftDays(l: LocalDateTime, days: number): LocalDateTime {
  return { ...addCalendarDays(l.year, l.month, l.day, days), hour: l.hour, minute: l.minute };
}

// The wall-clock length of an event: DTEND - DTSTART as local times (a shift that starts and ends at 09:00
// stays whole across a DST change), else DURATION, else a day for a date, else nothing.
function wallLengthMs(event: IcalEvent): number {
  if (event.end) {
    const wall = (l: LocalDateTime) => Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
    if (event.end.zone === 'UTC' || event.start.zone === 'UTC') {
      return instantOf(event.end, 'UTC').getTime() - instantOf(event.start, 'UTC').getTime();
    }
    return wall(event.end.local) - wall(event.start.local);
  }
  if (event.durationMs !== undefined) return event.durationMs;
  return event.start.date ? DAY_MS : 0;
}

function occurrenceAt(event: IcalEvent, local: LocalDateTime, zone: string, lengthMs: number): Occurrence {
  const start = localToInstant(local, zone);
  const endWall = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) + lengthMs);
  const end =
    zone === 'UTC'
      ? new Date(start.getTime() + lengthMs)
      : localToInstant(
          {
            year: endWall.getUTCFullYear(),
            month: endWall.getUTCMonth() + 1,
            day: endWall.getUTCDate(),
            hour: endWall.getUTCHours(),
            minute: endWall.getUTCMinutes(),
          },
          zone,
        );
  return { uid: event.uid, start, end, summary: event.summary, attendees: event.attendees, order: event.order };
}

// The local start times of a recurring event, in order, until `stop` says enough.
function* recurrence(event: IcalEvent): Generator<LocalDateTime> {
  const rule = event.rrule!;
  const first = event.start.local;
  if (rule.freq === 'DAILY') {
    for (let k = 0; k < MAX_STEPS; k++) yield shiftDays(first, k * rule.interval);
    return;
  }
  const weekday = new Date(Date.UTC(first.year, first.month - 1, first.day)).getUTCDay();
  const days = [...new Set(rule.byDay ?? [weekday])].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  // Weeks start on Monday (WKST=MO, the default).
  const monday = shiftDays(first, -((weekday + 6) % 7));
  for (let week = 0; week * 7 < MAX_STEPS; week += rule.interval) {
    for (const d of days) {
      const day = shiftDays(monday, week * 7 + ((d + 6) % 7));
      if (dayNumber(day.year, day.month, day.day) >= dayNumber(first.year, first.month, first.day)) yield day;
    }
  }
}

/** Every occurrence overlapping [from, until), cancelled ones and EXDATEs left out, RECURRENCE-ID replacements in. */
export function expandEvents(events: readonly IcalEvent[], from: Date, until: Date, zone: string): Occurrence[] {
  const replacements = events.filter((e) => e.recurrenceId);
  const replaced = new Set(replacements.map((e) => `${e.uid}@${instantOf(e.recurrenceId!, zone).getTime()}`));
  const out: Occurrence[] = [];
  const keep = (o: Occurrence) => {
    if (o.end > from && o.start < until && o.end > o.start) out.push(o);
  };
  for (const event of events) {
    if (event.cancelled) continue;
    const z = zoneOf(event.start, zone);
    const length = wallLengthMs(event);
    if (event.recurrenceId || !event.rrule) {
      keep(occurrenceAt(event, event.start.local, z, length));
      continue;
    }
    const excluded = new Set(event.exdates.map((t) => instantOf(t, z).getTime()));
    const untilRule = event.rrule.until ? instantOf(event.rrule.until, z).getTime() : Infinity;
    let n = 0;
    for (const local of recurrence(event)) {
      const o = occurrenceAt(event, local, z, length);
      if (o.start.getTime() > untilRule || o.start >= until) break;
      if (event.rrule.count !== undefined && ++n > event.rrule.count) break;
      if (excluded.has(o.start.getTime()) || replaced.has(`${event.uid}@${o.start.getTime()}`)) continue;
      keep(o);
    }
  }
  return out;
}
