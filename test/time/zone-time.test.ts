import { describe, expect, it } from 'vitest';
import { localEndDateTime, localInstants, parseLocalInstant } from '../../src/time/zone-time.ts';

describe('parseLocalInstant', () => {
  it('reads a date alone as local midnight in the zone, not UTC midnight', () => {
    expect(parseLocalInstant('2026-03-03', 'America/New_York')?.toISOString()).toBe('2026-03-03T05:00:00.000Z');
    expect(parseLocalInstant('2026-03-03', 'Asia/Jakarta')?.toISOString()).toBe('2026-03-02T17:00:00.000Z');
    expect(parseLocalInstant('2026-03-03', 'UTC')?.toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('reads a date and time without an offset as wall-clock time in the zone', () => {
    expect(parseLocalInstant('2026-07-01T09:30', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(parseLocalInstant('2026-07-01 09:30:15', 'Asia/Jakarta')?.toISOString()).toBe('2026-07-01T02:30:15.000Z');
  });

  it('keeps the meaning of a time with Z or an offset', () => {
    expect(parseLocalInstant('2026-03-03T00:00:00Z', 'America/New_York')?.toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(parseLocalInstant('2026-03-03T09:00+07:00', 'America/New_York')?.toISOString()).toBe(
      '2026-03-03T02:00:00.000Z',
    );
  });

  it('refuses what is not a date', () => {
    for (const bad of ['2026-02-31', '2026-13-01', 'yesterday', '2026-03-03T25:00', '03/03/2026', ''])
      expect(parseLocalInstant(bad, 'UTC')).toBeNull();
  });
});

describe('localEndDateTime', () => {
  it('prints an end at local midnight as 24:00 of the day it closes', () => {
    expect(localEndDateTime('2026-08-28T17:00:00Z', 'Asia/Jakarta')).toBe('2026-08-28 24:00');
    expect(localEndDateTime('2026-08-28T07:00:00Z', 'Asia/Jakarta')).toBe('2026-08-28 14:00');
    expect(localInstants('2026-08-28T17:00:00Z', 'Asia/Jakarta')).toContain('2026-08-28 24:00');
  });
});
