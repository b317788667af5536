import { describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_CADENCE, nextUpdateDue, parseNextUpdate } from '../../src/incidents/next-update.ts';
import type { Incident } from '../../src/incidents/incident-types.ts';

const openedAt = new Date('2026-03-07T02:00:00Z');
const min = (m: number) => new Date(openedAt.getTime() + m * 60_000);
type Due = Parameters<typeof nextUpdateDue>[0];
const inc = (o: Partial<Incident> = {}): Due => ({
  status: 'open',
  severity: 2,
  openedAt,
  acknowledgedAt: null,
  lastUpdateAt: null,
  nextUpdateAt: null,
  ...o,
});

describe('nextUpdateDue', () => {
  it('is the promised time when one was given', () => {
    expect(nextUpdateDue(inc({ nextUpdateAt: min(200), lastUpdateAt: min(10) }), DEFAULT_UPDATE_CADENCE)).toEqual(
      min(200),
    );
  });

  it('else runs the severity cadence from the latest update, the acknowledgement or the opening', () => {
    expect(nextUpdateDue(inc(), DEFAULT_UPDATE_CADENCE)).toEqual(min(60));
    expect(nextUpdateDue(inc({ acknowledgedAt: min(5) }), DEFAULT_UPDATE_CADENCE)).toEqual(min(65));
    expect(nextUpdateDue(inc({ acknowledgedAt: min(5), lastUpdateAt: min(40) }), DEFAULT_UPDATE_CADENCE)).toEqual(
      min(100),
    );
    expect(nextUpdateDue(inc({ severity: 1 }), DEFAULT_UPDATE_CADENCE)).toEqual(min(30));
    expect(nextUpdateDue(inc({ severity: 3 }), { 3: 15 })).toEqual(min(15));
  });

  it('is null once resolved, and for a severity without a cadence', () => {
    expect(nextUpdateDue(inc({ status: 'resolved', nextUpdateAt: min(200) }), DEFAULT_UPDATE_CADENCE)).toBeNull();
    expect(nextUpdateDue(inc({ severity: 4 }), DEFAULT_UPDATE_CADENCE)).toBeNull();
  });
});

describe('parseNextUpdate', () => {
  const now = new Date('2026-03-07T02:00:00Z'); // 09:00 in Jakarta

  it('reads durations from now', () => {
    expect(parseNextUpdate('30m', now, 'Asia/Jakarta')).toEqual({ ok: true, at: new Date('2026-03-07T02:30:00Z') });
    expect(parseNextUpdate('1h30m', now, 'UTC')).toEqual({ ok: true, at: new Date('2026-03-07T03:30:00Z') });
  });

  it('reads a local clock time as the next one to come: today if still ahead, else tomorrow', () => {
    expect(parseNextUpdate('14:00', now, 'Asia/Jakarta')).toEqual({ ok: true, at: new Date('2026-03-07T07:00:00Z') });
    expect(parseNextUpdate('08:30', now, 'Asia/Jakarta')).toEqual({ ok: true, at: new Date('2026-03-08T01:30:00Z') });
    expect(parseNextUpdate('9:00', now, 'Asia/Jakarta')).toEqual({ ok: true, at: new Date('2026-03-08T02:00:00Z') });
  });

  it('honours a DST change between now and the time (New York springs forward on 8 March 2026)', () => {
    // 21:00 on 7 March in New York (UTC-5); 12:00 the next day is after the change (UTC-4).
    expect(parseNextUpdate('12:00', new Date('2026-03-08T02:00:00Z'), 'America/New_York')).toEqual({
      ok: true,
      at: new Date('2026-03-08T16:00:00Z'),
    });
  });

  it('refuses what is neither, saying what to type', () => {
    expect(parseNextUpdate('soon', now, 'UTC')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/30m.*14:00/),
    });
    expect(parseNextUpdate('25:00', now, 'UTC')).toMatchObject({ ok: false, message: expect.stringMatching(/HH:MM/) });
  });
});
