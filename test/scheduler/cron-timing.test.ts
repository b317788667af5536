// The cron tasks fire at the right local time: fake timers and Date drive node-cron, the database is real.
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { claimRun } from '../../src/scheduler/claim-run.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/create-scheduler.ts';
import type { EvaluationRequest } from '../../src/watch/evaluation-types.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

// India is UTC+5:30, so its local hours start at half past UTC hours: a task scheduled in UTC, or a
// day taken from UTC midnight, fires or judges half an hour off and these tests fail.
const KOLKATA = 'Asia/Kolkata';
const START = new Date('2026-01-14T17:58:00Z'); // 23:28 on 14 January in Kolkata

describe('scheduler cron tasks in Asia/Kolkata (fake timers)', () => {
  let db: TestDatabase;
  let scheduler: Scheduler | undefined;
  let calls: Array<EvaluationRequest & { firedAt: string }>;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
  });
  beforeEach(async () => {
    calls = [];
    await db.pool.query('TRUNCATE metric_runs');
    // The runs of the buckets before START are done, so the ticks only find new buckets.
    await db.pool.query(
      `INSERT INTO metric_runs (grain, bucket, status, replica, lease_until) VALUES
         ('day', '2026-01-12T18:30:00Z', 'succeeded', 'old', $1), ('hour', '2026-01-14T16:00:00Z', 'succeeded', 'old', $1)`,
      [START],
    );
    // Only timers and Date are faked: the database's sockets and the worker thread run for real.
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(async () => {
    await scheduler?.stop();
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.close();
  });

  const start = (grains: Array<'hour' | 'day'>, delaySeconds: number, settings: object = {}, hold?: Promise<void>) => {
    scheduler = createScheduler({
      pool: db.pool,
      logger: createLogger({ level: 'silent' }),
      timezone: KOLKATA,
      grains,
      replica: 'r1',
      settings: scheduleSchema.parse({ delay_seconds: delaySeconds, ...settings }),
      async evaluate(request) {
        calls.push({ ...request, firedAt: new Date().toISOString() });
        await hold;
        return { metricsJudged: 1, anomalies: 0, incidents: 0, errors: [] };
      },
    });
    scheduler.start();
    return scheduler;
  };

  /** Moves the fake clock to `iso`, firing due timers, then lets the ticks' real database work finish. */
  async function advanceTo(iso: string) {
    await vi.advanceTimersByTimeAsync(new Date(iso).getTime() - Date.now());
    await realSleep(300);
    await vi.advanceTimersByTimeAsync(0);
  }

  it('arms the day task for local 00:01 (18:31 UTC) and the hour task for the next quarter hour', () => {
    const s = start(['hour', 'day'], 60);
    expect(s.nextRuns()).toEqual({ hour: new Date('2026-01-14T18:01:00Z'), day: new Date('2026-01-14T18:31:00Z') });
  });

  it('judges the Kolkata day of 14 January one delay after local midnight, not before, and not at UTC midnight', async () => {
    start(['day'], 90);
    await advanceTo('2026-01-14T18:31:29Z'); // 00:01:29 local, a second before the tick
    expect(calls).toEqual([]);
    await advanceTo('2026-01-14T18:31:30Z');
    expect(calls).toEqual([
      { at: new Date('2026-01-14T18:30:00Z'), grain: 'day', firedAt: '2026-01-14T18:31:30.000Z' },
    ]);
    // The hourly ticks after that (here through UTC midnight) find the day done.
    await advanceTo('2026-01-15T00:32:00Z');
    expect(calls).toHaveLength(1);
  });

  it('runs the hour bucket at the first quarter-hour tick after it ends, and once', async () => {
    start(['hour'], 60);
    await advanceTo('2026-01-14T18:00:59Z');
    expect(calls).toEqual([]);
    await advanceTo('2026-01-14T18:01:00Z');
    await advanceTo('2026-01-14T19:00:59Z'); // the ticks at 18:16, 18:31 and 18:46 find nothing new
    await advanceTo('2026-01-14T19:01:00Z');
    expect(calls.map((c) => [c.at.toISOString(), c.firedAt])).toEqual([
      ['2026-01-14T18:00:00.000Z', '2026-01-14T18:01:00.000Z'],
      ['2026-01-14T19:00:00.000Z', '2026-01-14T19:01:00.000Z'],
    ]);
  });

  it('a long run renews its lease every third of lease_minutes, so no other replica takes the bucket over', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const s = start(['hour'], 60, { lease_minutes: 3 }, hold);
    const lease = async () =>
      (await db.pool.query("SELECT status, lease_until FROM metric_runs WHERE bucket = '2026-01-14T17:00:00Z'"))
        .rows[0];
    try {
      await advanceTo('2026-01-14T18:01:00Z');
      expect(calls).toHaveLength(1);
      expect(await lease()).toEqual({ status: 'running', lease_until: new Date('2026-01-14T18:04:00Z') });
      await advanceTo('2026-01-14T18:02:00Z'); // the first renewal, a minute in
      expect(await lease()).toEqual({ status: 'running', lease_until: new Date('2026-01-14T18:05:00Z') });
      await advanceTo('2026-01-14T18:06:00Z'); // past the first lease: still held
      expect(await lease()).toEqual({ status: 'running', lease_until: new Date('2026-01-14T18:09:00Z') });
      expect(
        await claimRun(db.pool, 'hour', new Date('2026-01-14T17:00:00Z'), {
          replica: 'r2',
          now: new Date(),
          leaseMs: 180_000,
          maxAttempts: 3,
        }),
      ).toBeNull();
    } finally {
      release();
    }
    await s.stop();
    expect((await lease()).status).toBe('succeeded');
  });
});
