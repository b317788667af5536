import { describe, expect, it } from 'vitest';
import { oncallSchema } from '../../src/config/oncall-schema.ts';

const issues = (input: unknown) => {
  const r = oncallSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('oncallSchema', () => {
  it('defaults to no rota', () => {
    expect(oncallSchema.parse(undefined)).toEqual({});
    expect(oncallSchema.parse({})).toEqual({});
  });

  it('reads the documented example, with a weekly default', () => {
    expect(
      oncallSchema.parse({
        rotation: {
          start: '2026-01-05T09:00',
          primary: ['U01AAA', 'U01BBB', 'U01CCC'],
          secondary: ['U01BBB', 'U01CCC', 'U01AAA'],
        },
      }),
    ).toEqual({
      rotation: {
        start: '2026-01-05T09:00',
        length_days: 7,
        primary: ['U01AAA', 'U01BBB', 'U01CCC'],
        secondary: ['U01BBB', 'U01CCC', 'U01AAA'],
      },
    });
    expect(oncallSchema.parse({ rotation: { start: '2026-01-05', handover: '21:30', length_days: 1 } })).toEqual({
      rotation: { start: '2026-01-05', handover: '21:30', length_days: 1, primary: [] },
    });
  });

  it('reads an iCalendar rota: an http(s) URL, a refresh period, and emails mapped to member ids', () => {
    expect(
      oncallSchema.parse({
        ical_url: 'https://calendar.example.com/oncall.ics',
        ical_refresh_minutes: 30,
        ical_people: { 'ade@example.com': 'U01AAAAAAA' },
      }),
    ).toEqual({
      ical_url: 'https://calendar.example.com/oncall.ics',
      ical_refresh_minutes: 30,
      ical_people: { 'ade@example.com': 'U01AAAAAAA' },
    });
    expect(issues({ ical_url: 'webcal://x/y.ics', ical_refresh_minutes: 0, ical_people: { ade: 'Ade' } })).toEqual([
      'ical_url: must be an http(s) URL of an .ics file',
      'ical_refresh_minutes: Too small: expected number to be >=1',
      'ical_people.ade: Invalid key in record',
    ]);
  });

  it('says what a Slack user id looks like', () => {
    expect(issues({ rotation: { start: '2026-01-05T09:00', primary: ['U01AAA', '@dewi'] } })).toEqual([
      'rotation.primary.1: must be a Slack user id such as U01ABCDE2FG (in Slack: profile > ⋮ > Copy member ID), not a name or @mention',
    ]);
  });

  it('refuses starts with a zone, impossible dates, and a handover that disagrees with start', () => {
    const startMsg =
      'rotation.start: must be a local date, or date and time, without a zone: 2026-01-05 or 2026-01-05T09:00 (read in VIGIL_TIMEZONE)';
    expect(issues({ rotation: { start: '2026-01-05T09:00Z' } })).toEqual([startMsg]);
    expect(issues({ rotation: { start: '2026-02-30' } })).toEqual([startMsg]);
    expect(issues({ rotation: { start: '2026-01-05T24:00' } })).toEqual([startMsg]);
    expect(issues({ rotation: { start: '2026-01-05T09:00', handover: '10:00' } })).toEqual([
      'rotation.handover: "10:00" disagrees with the time in start (09:00); shifts change hands at one time of day, so drop one of them',
    ]);
    expect(issues({ rotation: { start: '2026-01-05', handover: 540 } })).toEqual([
      'rotation.handover: must be a 24-hour local time in quotes, such as "09:00"',
    ]);
  });

  it('refuses a rota that makes one person both primary and secondary', () => {
    expect(
      issues({ rotation: { start: '2026-01-05', primary: ['UAAA', 'UBBB'], secondary: ['UCCC', 'UBBB', 'UAAA'] } }),
    ).toEqual([
      'rotation.secondary: UBBB would be both primary and secondary in shift 2; reorder primary or secondary',
    ]);
  });

  it('refuses bad lengths and unknown keys', () => {
    expect(issues({ rotation: { start: '2026-01-05', length_days: 0 } })).toEqual([
      'rotation.length_days: must be at least 1 day',
    ]);
    expect(issues({ rotation: { start: '2026-01-05', length_days: 1.5 } })).toEqual([
      'rotation.length_days: must be a whole number of days',
    ]);
    expect(issues({ rota: {} })).toEqual([': Unrecognized key: "rota"']);
  });
});
