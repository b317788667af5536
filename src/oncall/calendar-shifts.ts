// The on-call shifts an iCalendar rota holds: each occurrence of an event is a shift of the Slack member its
// SUMMARY or ATTENDEE names, primary unless the SUMMARY says secondary. Pure.
import { isKnownTimezone } from '../time/zone-time.ts';
import { expandEvents } from './expand-ical.ts';
import type { OncallOverride } from './on-call-timeline.ts';
import type { IcalCalendar } from './parse-ical.ts';

// A Slack member id (U…/W… with a digit, so words such as "UTC" are not taken for one), bare or as a mention.
const MEMBER = /<?@?\b([UW](?=[A-Z0-9]*\d)[A-Z0-9]{2,})\b>?/;
const EMAIL = /[^\s<>:;,"]+@[^\s<>:;,"]+\.[A-Za-z]{2,}/;

/** Who an occurrence names: a member id in the SUMMARY, else an email (SUMMARY, then ATTENDEEs) listed in `people`. */
export function memberOf(
  summary: string,
  attendees: readonly string[],
  people: Record<string, string>,
): string | undefined {
  const id = MEMBER.exec(summary)?.[1];
  if (id) return id;
  const lookup = (text: string) => {
    const email = EMAIL.exec(text)?.[0]?.toLowerCase();
    return email ? people[email] : undefined;
  };
  return lookup(summary) ?? attendees.map((a) => lookup(a.replace(/^mailto:/i, ''))).find((u) => u !== undefined);
}

/**
 * The calendar's shifts overlapping [from, until), as overrides of an empty rota: ordered by start (file order on a
 * tie), so where two overlap the one that starts later (a day's cover inside a week) holds the role. `unnamed`
 * lists the summaries of events naming nobody vigil knows.
 */
export function calendarShifts(
  calendar: IcalCalendar,
  people: Record<string, string>,
  from: Date,
  until: Date,
  timezone: string,
): { shifts: OncallOverride[]; unnamed: string[] } {
  const zone = calendar.zone && isKnownTimezone(calendar.zone) ? calendar.zone : timezone;
  const lower = Object.fromEntries(Object.entries(people).map(([email, id]) => [email.toLowerCase(), id]));
  const occurrences = expandEvents(calendar.events, from, until, zone).sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.order - b.order,
  );
  const shifts: OncallOverride[] = [];
  const unnamed = new Set<string>();
  for (const o of occurrences) {
    const userId = memberOf(o.summary, o.attendees, lower);
    if (!userId) {
      unnamed.add(o.summary || o.uid);
      continue;
    }
    const role = /secondary/i.test(o.summary) ? 'secondary' : 'primary';
    shifts.push({ userId, role, from: o.start, until: o.end, setBy: 'calendar', source: 'calendar' });
  }
  return { shifts, unnamed: [...unnamed] };
}
