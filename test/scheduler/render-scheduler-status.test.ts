import { describe, expect, it } from 'vitest';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';
import { overdueBucket, renderSchedulerStatus } from '../../src/scheduler/render-scheduler-status.ts';
import type { GrainRunSummary } from '../../src/scheduler/claim-run.ts';

const SG = 'Asia/Singapore';
const d = (iso: string) => new Date(iso);

describe('overdueBucket', () => {
  it('an hour bucket is overdue one quarter-hour tick after its end plus the delay', () => {
    // The 03:00 bucket ends at 04:00; its tick is 04:01; the next one, 04:16, is the deadline.
    expect(overdueBucket('hour', SG, d('2026-01-14T04:16:00Z'), d('2026-01-14T02:00:00Z'), 60)).toBeNull();
    expect(overdueBucket('hour', SG, d('2026-01-14T04:16:01Z'), d('2026-01-14T02:00:00Z'), 60)).toEqual(
      d('2026-01-14T03:00:00Z'),
    );
    expect(overdueBucket('hour', SG, d('2026-01-14T04:16:01Z'), d('2026-01-14T03:00:00Z'), 60)).toBeNull();
  });

  it('a day is overdue an hour after local midnight plus the delay; a grain never judged is overdue', () => {
    expect(overdueBucket('day', SG, d('2026-01-14T17:01:00Z'), d('2026-01-12T16:00:00Z'), 60)).toBeNull();
    expect(overdueBucket('day', SG, d('2026-01-14T17:01:01Z'), d('2026-01-12T16:00:00Z'), 60)).toEqual(
      d('2026-01-13T16:00:00Z'),
    );
    expect(overdueBucket('15m', SG, d('2026-01-14T04:00:00Z'), null, 0)).toEqual(d('2026-01-14T03:15:00Z'));
  });
});

describe('renderSchedulerStatus', () => {
  const failed: GrainRunSummary = {
    grain: 'hour',
    bucket: d('2026-01-14T01:00:00Z'),
    status: 'failed',
    replica: 'r1',
    attempts: 3,
    leaseUntil: d('2026-01-14T02:16:00Z'),
    startedAt: d('2026-01-14T02:01:00Z'),
    finishedAt: d('2026-01-14T02:01:00.400Z'),
    metricsJudged: 0,
    anomalies: 0,
    incidents: 0,
    errorCount: 1,
    newestSucceeded: null,
  };

  it('says when runs are off, and then calls nothing overdue', () => {
    const settings = scheduleSchema.parse({ enabled: false });
    expect(
      renderSchedulerStatus({ grains: [], health: [] }, { now: d('2026-01-14T04:00:00Z'), timezone: SG, settings }),
    ).toEqual([
      'Scheduler: no metric runs yet (scheduled runs are off: schedule.enabled is false in vigil.yml)',
      'Metric health: no broken or stale metrics',
    ]);
    expect(
      renderSchedulerStatus(
        { grains: [failed], health: [] },
        { now: d('2026-01-14T09:00:00Z'), timezone: SG, settings },
      )[1],
    ).toBe(
      '• hour · bucket 14 Jan 2026, 09:00 GMT+8 · failed (started 14 Jan 2026, 10:01 GMT+8, took 0s) · 0 metrics judged, 0 anomalies, 0 incidents, 1 error · attempt 3 of 3',
    );
  });

  it('puts a long or multi-line error of a metric on one escaped line of at most 200 characters', () => {
    const lastError = `syntax error at <${'x'.repeat(300)}>\n  LINE 1`;
    const [, , line] = renderSchedulerStatus(
      {
        grains: [],
        health: [{ metricId: 'refund_rate', status: 'broken', since: d('2026-01-14T03:00:00Z'), lastError }],
      },
      { now: d('2026-01-14T04:00:00Z'), timezone: SG, settings: scheduleSchema.parse({}) },
    );
    expect(line).toMatch(/^• refund_rate broken since 14 Jan 2026, 11:00 GMT\+8: syntax error at &lt;x+…$/);
    expect(line!.length).toBeLessThan(300);
  });
});
