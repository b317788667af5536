// When the digests fire: pure next-fire times across zones (one with DST), checked against node-cron's own schedule.
import cron from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import { digestSchema } from '../../src/config/digest-schema.ts';
import {
  digestCronExpression,
  digestCronJobs,
  localDate,
  nextDigestFire,
  previousDigestFire,
} from '../../src/summaries/digest-schedule.ts';

describe('digest schedule', () => {
  it('fires at 09:00 Asia/Jakarta, which is 02:00 UTC, the same day when it is still early and the next day after', () => {
    expect(nextDigestFire(new Date('2026-01-14T00:00:00Z'), '09:00', 'Asia/Jakarta')).toEqual(
      new Date('2026-01-14T02:00:00Z'),
    );
    expect(nextDigestFire(new Date('2026-01-14T02:00:00Z'), '09:00', 'Asia/Jakarta')).toEqual(
      new Date('2026-01-15T02:00:00Z'),
    );
    // 23:30 UTC on the 14th is already 06:30 on the 15th in Jakarta.
    expect(nextDigestFire(new Date('2026-01-14T23:30:00Z'), '09:00', 'Asia/Jakarta')).toEqual(
      new Date('2026-01-15T02:00:00Z'),
    );
  });

  it('keeps 09:00 local across the US spring-forward and fall-back (America/New_York)', () => {
    // DST starts on 8 March 2026: 09:00 EST is 14:00 UTC, 09:00 EDT is 13:00 UTC.
    expect(nextDigestFire(new Date('2026-03-07T12:00:00Z'), '09:00', 'America/New_York')).toEqual(
      new Date('2026-03-07T14:00:00Z'),
    );
    expect(nextDigestFire(new Date('2026-03-07T15:00:00Z'), '09:00', 'America/New_York')).toEqual(
      new Date('2026-03-08T13:00:00Z'),
    );
    expect(nextDigestFire(new Date('2026-10-31T14:00:00Z'), '09:00', 'America/New_York')).toEqual(
      new Date('2026-11-01T14:00:00Z'),
    );
  });

  it('fires the weekly report on the configured weekday only (Monday 1 June 2026 in Asia/Kolkata, 03:30 UTC)', () => {
    expect(nextDigestFire(new Date('2026-05-28T00:00:00Z'), '09:00', 'Asia/Kolkata', 'monday')).toEqual(
      new Date('2026-06-01T03:30:00Z'),
    );
    expect(nextDigestFire(new Date('2026-06-01T03:30:00Z'), '09:00', 'Asia/Kolkata', 'monday')).toEqual(
      new Date('2026-06-08T03:30:00Z'),
    );
  });

  it('agrees with node-cron on the next run of the same expression in each zone, also on DST days', async () => {
    const cases: Array<[string, string, string, 'monday' | undefined]> = [
      ['2026-01-14T00:00:00Z', 'Asia/Jakarta', '09:00', undefined],
      ['2026-03-07T15:00:00Z', 'America/New_York', '09:00', undefined],
      ['2026-10-31T14:00:00Z', 'America/New_York', '09:00', undefined],
      ['2026-03-27T12:00:00Z', 'Europe/London', '07:45', 'monday'],
      ['2026-05-28T00:00:00Z', 'Asia/Kolkata', '09:00', 'monday'],
    ];
    for (const [now, zone, at, day] of cases) {
      vi.useFakeTimers({
        now: new Date(now),
        toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
      });
      const task = cron.createTask(digestCronExpression(at, day), () => {}, { timezone: zone });
      try {
        await task.start();
        expect(task.getNextRun()?.toISOString(), `${zone} ${at} ${day ?? ''}`).toBe(
          nextDigestFire(new Date(now), at, zone, day).toISOString(),
        );
      } finally {
        await task.destroy();
        vi.useRealTimers();
      }
    }
  });

  it('finds the firing just before a moment (the catch-up at start)', () => {
    expect(previousDigestFire(new Date('2026-01-14T03:00:00Z'), '09:00', 'Asia/Jakarta')).toEqual(
      new Date('2026-01-14T02:00:00Z'),
    );
    expect(previousDigestFire(new Date('2026-01-14T01:59:00Z'), '09:00', 'Asia/Jakarta')).toEqual(
      new Date('2026-01-13T02:00:00Z'),
    );
    expect(previousDigestFire(new Date('2026-06-03T00:00:00Z'), '09:00', 'Asia/Kolkata', 'monday')).toEqual(
      new Date('2026-06-01T03:30:00Z'),
    );
  });

  it('builds the cron jobs from vigil.yml, and none when digests are off', () => {
    expect(digestCronJobs(digestSchema.parse({}))).toEqual([
      { kind: 'daily', expression: '0 0 9 * * *' },
      { kind: 'weekly', expression: '0 0 9 * * 1' },
    ]);
    expect(digestCronJobs(digestSchema.parse({ weekly: { enabled: false }, daily_at: '07:30' }))).toEqual([
      { kind: 'daily', expression: '0 30 7 * * *' },
    ]);
    expect(digestCronJobs(digestSchema.parse({ enabled: false }))).toEqual([]);
    expect(digestSchema.safeParse({ daily_at: '9am' }).success).toBe(false);
    expect(localDate(new Date('2026-01-14T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-01-15');
  });
});
