import { describe, expect, it } from 'vitest';
import { completeBuckets, planRuns, type PlanInput, type RunRecord } from '../../src/scheduler/plan-runs.ts';

const SG = 'Asia/Singapore';
const d = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((x) => x.toISOString());
const base: Omit<PlanInput, 'grain' | 'now' | 'latestBucket' | 'recent'> = { timezone: SG, catchUp: 4, maxAttempts: 3 };
const run = (
  bucket: string,
  status: RunRecord['status'],
  attempts = 1,
  leaseUntil = '2026-01-14T04:10:00Z',
): RunRecord => ({ bucket: d(bucket), status, attempts, leaseUntil: d(leaseUntil) });

describe('completeBuckets', () => {
  it('lists the newest complete buckets oldest first; the bucket in progress is not one', () => {
    expect(completeBuckets('hour', SG, d('2026-01-14T04:00:30Z'), 3).map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-14T01:00:00.000Z',
      '2026-01-14T02:00:00.000Z',
      '2026-01-14T03:00:00.000Z',
    ]);
    expect(completeBuckets('15m', SG, d('2026-01-14T04:14:59Z'), 1).map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-14T03:45:00.000Z',
    ]);
  });

  it('takes days from local midnight: in Singapore a day starts at 16:00 UTC', () => {
    expect(completeBuckets('day', SG, d('2026-01-14T16:01:00Z'), 2).map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-12T16:00:00.000Z',
      '2026-01-13T16:00:00.000Z',
    ]);
  });

  it('steps over a daylight-saving change (New York, 8 March 2026 is 23 hours long)', () => {
    expect(
      completeBuckets('day', 'America/New_York', d('2026-03-10T06:00:00Z'), 3).map((t) => new Date(t).toISOString()),
    ).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });
});

describe('planRuns', () => {
  const now = d('2026-01-14T04:01:00Z');

  it('a grain that never ran starts at its newest complete bucket, with nothing skipped', () => {
    const plan = planRuns({ ...base, grain: 'hour', now, latestBucket: null, recent: [] });
    expect(iso(plan.due)).toEqual(['2026-01-14T03:00:00.000Z']);
    expect(plan.skipped).toBeNull();
  });

  it('nothing is due when the newest bucket is recorded (succeeded or running under a live lease)', () => {
    for (const status of ['succeeded', 'running'] as const) {
      const plan = planRuns({
        ...base,
        grain: 'hour',
        now,
        latestBucket: d('2026-01-14T03:00:00Z'),
        recent: [run('2026-01-14T03:00:00Z', status)],
      });
      expect(plan).toEqual({ due: [], skipped: null, exhausted: [] });
    }
  });

  it('after short downtime catches up every missed bucket, oldest first', () => {
    const plan = planRuns({
      ...base,
      grain: 'hour',
      now,
      latestBucket: d('2026-01-14T01:00:00Z'),
      recent: [run('2026-01-14T01:00:00Z', 'succeeded')],
    });
    expect(iso(plan.due)).toEqual(['2026-01-14T02:00:00.000Z', '2026-01-14T03:00:00.000Z']);
    expect(plan.skipped).toBeNull();
  });

  it('after long downtime catches up at most catchUp buckets and reports the older ones as skipped', () => {
    const plan = planRuns({ ...base, grain: 'hour', now, latestBucket: d('2026-01-13T20:00:00Z'), recent: [] });
    expect(iso(plan.due)).toEqual([
      '2026-01-14T00:00:00.000Z',
      '2026-01-14T01:00:00.000Z',
      '2026-01-14T02:00:00.000Z',
      '2026-01-14T03:00:00.000Z',
    ]);
    expect(plan.skipped).toEqual({ count: 3, first: d('2026-01-13T21:00:00Z'), last: d('2026-01-13T23:00:00Z') });
  });

  it('counts skipped days across a daylight-saving change', () => {
    const plan = planRuns({
      ...base,
      grain: 'day',
      timezone: 'America/New_York',
      catchUp: 1,
      now: d('2026-03-10T06:00:00Z'),
      latestBucket: d('2026-03-06T05:00:00Z'),
      recent: [],
    });
    expect(iso(plan.due)).toEqual(['2026-03-09T04:00:00.000Z']);
    expect(plan.skipped).toEqual({ count: 2, first: d('2026-03-07T05:00:00Z'), last: d('2026-03-08T05:00:00Z') });
  });

  it('retries a failed bucket and a running one whose lease lapsed, while attempts are left', () => {
    const recent = [
      run('2026-01-14T00:00:00Z', 'failed', 3), // used up
      run('2026-01-14T01:00:00Z', 'failed', 2),
      run('2026-01-14T02:00:00Z', 'running', 1, '2026-01-14T03:59:00Z'), // replica died
      run('2026-01-14T03:00:00Z', 'running', 1, '2026-01-14T04:05:00Z'), // still held
    ];
    const plan = planRuns({ ...base, grain: 'hour', now, latestBucket: d('2026-01-14T03:00:00Z'), recent });
    expect(iso(plan.due)).toEqual(['2026-01-14T01:00:00.000Z', '2026-01-14T02:00:00.000Z']);
    expect(iso(plan.exhausted)).toEqual(['2026-01-14T00:00:00.000Z']);
  });

  it('does not reach back for unrecorded buckets older than the latest recorded one, nor retry outside the window', () => {
    // The grain first ran at 03:00; 00:00 to 02:00 were never due. A failed 23:00 is out of the window.
    const plan = planRuns({
      ...base,
      grain: 'hour',
      now,
      latestBucket: d('2026-01-14T03:00:00Z'),
      recent: [run('2026-01-13T23:00:00Z', 'failed'), run('2026-01-14T03:00:00Z', 'succeeded')],
    });
    expect(plan.due).toEqual([]);
  });

  it('judges days in the configured zone: the Singapore day of 14 January is due from 16:00 UTC', () => {
    const latest = d('2026-01-12T16:00:00Z');
    const recent = [run('2026-01-12T16:00:00Z', 'succeeded')];
    expect(
      planRuns({ ...base, grain: 'day', now: d('2026-01-14T15:59:59Z'), latestBucket: latest, recent }).due,
    ).toEqual([]);
    expect(
      iso(planRuns({ ...base, grain: 'day', now: d('2026-01-14T16:00:00Z'), latestBucket: latest, recent }).due),
    ).toEqual(['2026-01-13T16:00:00.000Z']);
  });
});
