// Digest periods in local days: defaults, Jakarta and a DST zone, weeks from Monday.
import { describe, expect, it } from 'vitest';
import { digestPeriod, localDateOf, localDayStart } from '../../src/summaries/digest-facts-period.ts';

describe('digestPeriod', () => {
  it('defaults to yesterday in the zone, not in UTC', () => {
    // 03:00 on the 26th in Jakarta is still the 25th in UTC.
    const p = digestPeriod('daily', 'Asia/Jakarta', new Date('2026-11-25T20:00:00Z'));
    expect(p).toEqual({
      kind: 'daily',
      label: '2026-11-25',
      start: new Date('2026-11-24T17:00:00Z'),
      end: new Date('2026-11-25T17:00:00Z'),
      days: ['2026-11-25'],
    });
    expect(digestPeriod('daily', 'UTC', new Date('2026-11-25T20:00:00Z')).label).toBe('2026-11-24');
  });

  it('defaults to the last full Monday-Sunday week, also on a Monday and a Sunday', () => {
    expect(digestPeriod('weekly', 'Asia/Jakarta', new Date('2026-11-25T20:00:00Z')).label).toBe('2026-11-16');
    expect(digestPeriod('weekly', 'UTC', new Date('2026-11-23T09:00:00Z')).label).toBe('2026-11-16');
    const sunday = digestPeriod('weekly', 'UTC', new Date('2026-11-22T23:00:00Z'));
    expect(sunday.label).toBe('2026-11-09');
    expect(sunday.days).toHaveLength(7);
    expect(sunday.days.at(-1)).toBe('2026-11-15');
  });

  it('takes a given first day and refuses a non-date', () => {
    expect(digestPeriod('weekly', 'UTC', new Date(), '2026-11-02').end).toEqual(new Date('2026-11-09T00:00:00Z'));
    for (const bad of ['2026-13-01', '2026-02-30', 'yesterday', '2026-1-1']) {
      expect(() => digestPeriod('daily', 'UTC', new Date(), bad)).toThrow(
        expect.objectContaining({ code: 'vigil_digest_date_invalid' }),
      );
    }
  });

  it('has 23- and 25-hour days where the clocks change', () => {
    const spring = digestPeriod('daily', 'Europe/Berlin', new Date(), '2026-03-29');
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    expect(spring.start).toEqual(new Date('2026-03-28T23:00:00Z'));
    const autumn = digestPeriod('daily', 'Europe/Berlin', new Date(), '2026-10-25');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });

  it('maps instants to local dates and back', () => {
    expect(localDateOf(Date.parse('2026-11-24T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-11-25');
    expect(localDateOf(Date.parse('2026-11-24T16:59:59Z'), 'Asia/Jakarta')).toBe('2026-11-24');
    expect(localDayStart('2026-11-25', 'Asia/Kolkata')).toBe(Date.parse('2026-11-24T18:30:00Z'));
  });
});
