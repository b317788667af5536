// The iCalendar rota: events become shifts of the Slack members they name, a later event overlapping another
// holds the role (cover), and a TZID handover keeps its local time across a daylight-saving change.
import { describe, expect, it } from 'vitest';
import { calendarShifts, memberOf } from '../../src/oncall/calendar-shifts.ts';
import { expandEvents } from '../../src/oncall/expand-ical.ts';
import { parseIcal } from '../../src/oncall/parse-ical.ts';
import { schedule, whoIsOnCall } from '../../src/oncall/who-is-on-call.ts';
import { ics, LONDON_ROTA, PEOPLE } from './calendar-fixtures.ts';

const at = (iso: string) => new Date(iso);
const TZ = 'Asia/Singapore'; // vigil's zone; the calendar's own zones decide its times

describe('the iCalendar rota', () => {
  const calendar = parseIcal(LONDON_ROTA);
  const { shifts, unnamed } = calendarShifts(
    calendar,
    PEOPLE,
    at('2026-03-01T00:00:00Z'),
    at('2026-05-01T00:00:00Z'),
    TZ,
  );

  it('reads the events, unfolding lines and unescaping text, and skips the alarm inside an event', () => {
    expect(calendar.problems).toEqual([]);
    expect(calendar.zone).toBe('Europe/London');
    expect(calendar.events.map((e) => [e.uid, e.summary])).toEqual([
      ['weekly-ade', 'Primary on call'],
      ['weekly-budi', 'Primary: U0BUDI'],
      ['cover', 'Cover <@U0CITRA>, Budi at the dentist'],
      ['secondary', 'Secondary U0SARI'],
    ]);
    expect(calendar.events[0]!.attendees).toEqual(['mailto:Ade@Example.com']);
    expect(unnamed).toEqual([]);
  });

  it('hands over at 09:00 London before and after the change to summer time, and lets the later cover win', () => {
    const who = (iso: string) => whoIsOnCall(undefined, shifts, at(iso), TZ);
    // Monday 23 March 09:00 GMT is 09:00Z.
    expect(who('2026-03-23T08:59:00Z').primary).toMatchObject({ userId: 'U0ADE', source: 'calendar' });
    expect(who('2026-03-24T00:00:00Z').primary).toEqual({
      userId: 'U0BUDI',
      source: 'calendar',
      from: at('2026-03-23T09:00:00Z'),
      until: at('2026-03-25T12:00:00Z'), // the cover starts
    });
    expect(who('2026-03-25T13:00:00Z').primary).toMatchObject({ userId: 'U0CITRA', until: at('2026-03-26T12:00:00Z') });
    // Back to Budi until Monday 30 March 09:00 BST, which is 08:00Z.
    expect(who('2026-03-26T13:00:00Z').primary).toMatchObject({
      userId: 'U0BUDI',
      from: at('2026-03-26T12:00:00Z'),
      until: at('2026-03-30T08:00:00Z'),
    });
    expect(who('2026-03-30T08:30:00Z').primary).toMatchObject({ userId: 'U0ADE', from: at('2026-03-30T08:00:00Z') });
    expect(who('2026-03-31T12:00:00Z').secondary).toMatchObject({ userId: 'U0SARI', source: 'calendar' });
    // The secondary's COUNT=4 ends it after four weeks (13 April 08:00Z).
    expect(who('2026-04-13T08:00:00Z').secondary).toBeUndefined();
    expect(who('2026-04-13T07:59:00Z').secondary?.userId).toBe('U0SARI');
  });

  it('lists the shifts for /oncall schedule, split where either role changes hands', () => {
    const rows = schedule(undefined, shifts, at('2026-03-24T00:00:00Z'), 4, TZ).map((s) => [
      s.from.toISOString(),
      s.until.toISOString(),
      s.primary?.userId,
      s.secondary?.userId,
    ]);
    expect(rows).toEqual([
      ['2026-03-23T09:00:00.000Z', '2026-03-25T12:00:00.000Z', 'U0BUDI', 'U0SARI'],
      ['2026-03-25T12:00:00.000Z', '2026-03-26T12:00:00.000Z', 'U0CITRA', 'U0SARI'],
      ['2026-03-26T12:00:00.000Z', '2026-03-30T08:00:00.000Z', 'U0BUDI', 'U0SARI'],
      ['2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z', 'U0ADE', 'U0SARI'],
    ]);
  });

  it('leaves out an EXDATE, moves an occurrence by RECURRENCE-ID, and keeps 09:00 New York across its DST change', () => {
    const daily = parseIcal(
      ics(
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:daily',
        'DTSTART;TZID=America/New_York:20260306T090000',
        'DTEND;TZID=America/New_York:20260306T170000',
        'RRULE:FREQ=DAILY;UNTIL=20260310T235959Z',
        'EXDATE;TZID=America/New_York:20260307T090000',
        'SUMMARY:U0DAY',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:daily',
        'RECURRENCE-ID;TZID=America/New_York:20260309T090000',
        'DTSTART;TZID=America/New_York:20260309T120000',
        'DTEND;TZID=America/New_York:20260309T180000',
        'SUMMARY:U0DAY (late start)',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:gone',
        'DTSTART:20260308T000000Z',
        'DTEND:20260309T000000Z',
        'STATUS:CANCELLED',
        'SUMMARY:U0GONE',
        'END:VEVENT',
        'END:VCALENDAR',
      ),
    );
    const spans = expandEvents(daily.events, at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 'UTC')
      .map((o) => `${o.start.toISOString().slice(5, 16)}–${o.end.toISOString().slice(11, 16)}`)
      .sort();
    expect(spans).toEqual([
      '03-06T14:00–22:00', // EST, UTC-5
      '03-08T13:00–21:00', // EDT from Sunday 8 March, UTC-4
      '03-09T16:00–22:00', // moved to 12:00 local
      '03-10T13:00–21:00',
    ]);
  });

  it('says what it cannot read, and names people by member id or a listed email only', () => {
    const monthly = parseIcal(
      ics(
        'BEGIN:VEVENT',
        'UID:m',
        'DTSTART:20260301T090000Z',
        'RRULE:FREQ=MONTHLY',
        'SUMMARY:x',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:no start',
        'END:VEVENT',
      ),
    );
    expect(monthly.problems).toEqual([
      expect.stringContaining('FREQ=MONTHLY is not supported'),
      expect.stringContaining('without a readable DTSTART (no start)'),
    ]);
    expect(memberOf('Primary UTC', ['mailto:someone@else.com'], PEOPLE)).toBeUndefined();
    expect(memberOf('On call: ade@example.com', [], PEOPLE)).toBe('U0ADE');
    expect(memberOf('W0GRID1 secondary', [], PEOPLE)).toBe('W0GRID1');
  });
});
