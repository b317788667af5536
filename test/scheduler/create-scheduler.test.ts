import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { VigilError } from '../../src/errors.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createScheduler, cronExpression, type SchedulerDeps } from '../../src/scheduler/create-scheduler.ts';
import type { Evaluate, EvaluationRequest } from '../../src/watch/evaluation-types.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const NOW = new Date('2026-01-14T04:01:00Z'); // 12:01 in Singapore
const HOUR = 3_600_000;
const RESULT = { metricsJudged: 5, anomalies: 1, incidents: 0, errors: [] };

/** A promise with its resolve and reject, for evaluations a test holds open. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('cronExpression', () => {
  it('ticks every quarter hour for 15m and hour buckets and hourly for days, delay_seconds after the boundary', () => {
    expect(cronExpression('15m', 60)).toBe('0 1,16,31,46 * * * *');
    expect(cronExpression('hour', 90)).toBe('30 1,16,31,46 * * * *');
    expect(cronExpression('day', 0)).toBe('0 0 * * * *');
    expect(cronExpression('day', 600)).toBe('0 10 * * * *');
    expect(cronExpression('1m', 90)).toBe('30 * * * * *');
    expect(cronExpression('5m', 60)).toBe('0 1,6,11,16,21,26,31,36,41,46,51,56 * * * *');
  });
});

describe('createScheduler without a database', () => {
  it('a state database that cannot be reached is reported by the tick, logged, and not thrown', async () => {
    const logs: Array<{ msg: string; level: string }> = [];
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: { write: (l: string) => logs.push(JSON.parse(l)) },
    });
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
    const scheduler = createScheduler({
      pool,
      logger,
      timezone: 'Asia/Singapore',
      evaluate: async () => RESULT,
      grains: ['hour'],
      settings: scheduleSchema.parse({}),
    });
    const report = await scheduler.runNow('hour');
    expect(report.error).toMatch(/ECONNREFUSED|connect/);
    expect(logs.some((l) => l.level === 'error' && l.msg === 'scheduler tick failed; the next tick tries again')).toBe(
      true,
    );
    await scheduler.stop();
    await pool.end();
  });

  it('with schedule.enabled false, start arms no task', async () => {
    const scheduler = createScheduler({
      pool: {} as pg.Pool,
      logger: createLogger({ level: 'silent' }),
      timezone: 'UTC',
      evaluate: async () => RESULT,
      grains: ['hour', 'day'],
      settings: scheduleSchema.parse({ enabled: false }),
    });
    scheduler.start();
    expect(scheduler.nextRuns()).toEqual({});
    await scheduler.stop();
  });
});

describe.each(testDatabaseKinds)('createScheduler on %s', (kind) => {
  let db: TestDatabase;
  let now: Date;
  let calls: EvaluationRequest[];
  let logs: Array<Record<string, unknown> & { msg: string }>;

  const build = (evaluate: Evaluate, overrides: Partial<SchedulerDeps> = {}) =>
    createScheduler({
      pool: db.pool,
      logger: createLogger({
        level: 'info',
        pretty: false,
        destination: { write: (l: string) => logs.push(JSON.parse(l)) },
      }),
      timezone: 'Asia/Singapore',
      evaluate: async (request) => {
        calls.push(request);
        return evaluate(request);
      },
      grains: ['hour'],
      clock: () => new Date(now),
      replica: 'replica-a',
      settings: scheduleSchema.parse({ catch_up_buckets: 3, max_attempts: 2 }),
      ...overrides,
    });
  const rows = async () =>
    (
      await db.pool.query(
        'SELECT grain, bucket, status, attempts, replica, errors, metrics_judged FROM metric_runs ORDER BY grain, bucket',
      )
    ).rows;
  const ats = () => calls.map((c) => c.at.toISOString());
  const seed = (bucket: string, status = 'succeeded', extra = '') =>
    db.pool.query(
      `INSERT INTO metric_runs (grain, bucket, status, replica, lease_until${extra ? ', attempts' : ''}) VALUES ('hour', $1, $2, 'old', $3${extra ? `, ${extra}` : ''})`,
      [bucket, status, new Date(NOW.getTime() - HOUR)],
    );

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  });
  beforeEach(async () => {
    now = new Date(NOW);
    calls = [];
    logs = [];
    await db.pool.query('TRUNCATE metric_runs');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a first run judges the newest complete bucket as of its end, and records the counts', async () => {
    const scheduler = build(async () => RESULT);
    const report = await scheduler.runNow('hour');
    expect(report.runs.map((r) => [r.bucket.toISOString(), r.at.toISOString(), r.status, r.attempts])).toEqual([
      ['2026-01-14T03:00:00.000Z', '2026-01-14T04:00:00.000Z', 'succeeded', 1],
    ]);
    expect(calls).toEqual([{ at: new Date('2026-01-14T04:00:00Z'), grain: 'hour' }]);
    expect(await rows()).toMatchObject([
      { grain: 'hour', status: 'succeeded', attempts: 1, replica: 'replica-a', metrics_judged: 5, errors: [] },
    ]);
    // The same tick again finds nothing due.
    expect((await scheduler.runNow('hour')).runs).toEqual([]);
    expect(calls).toHaveLength(1);
    await scheduler.stop();
  });

  it('after downtime catches up at most catch_up_buckets, oldest first, and logs the older ones as skipped', async () => {
    await seed('2026-01-13T22:00:00Z');
    const scheduler = build(async () => RESULT);
    const report = await scheduler.runNow('hour');
    expect(ats()).toEqual(['2026-01-14T02:00:00.000Z', '2026-01-14T03:00:00.000Z', '2026-01-14T04:00:00.000Z']);
    expect(report.skipped).toEqual({
      count: 2,
      first: new Date('2026-01-13T23:00:00Z'),
      last: new Date('2026-01-14T00:00:00Z'),
    });
    const skipLog = logs.find((l) => /skipped/.test(l.msg));
    expect(skipLog).toMatchObject({ level: 'warn', grain: 'hour', skipped: 2, catchUp: 3 });
    await scheduler.stop();
  });

  it('a warehouse that is down: the run is recorded as failed, nothing is thrown, later buckets wait, the next tick retries', async () => {
    await seed('2026-01-14T00:00:00Z');
    let down = true;
    const scheduler = build(async () => {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
      return RESULT;
    });
    const failed = await scheduler.runNow('hour');
    expect(failed.error).toBeUndefined();
    expect(failed.runs).toMatchObject([
      {
        status: 'failed',
        attempts: 1,
        errors: [{ metric: '*', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:5432' }],
      },
    ]);
    expect(ats()).toEqual(['2026-01-14T02:00:00.000Z']); // 02:00 and 03:00 were not tried against a dead warehouse
    expect((await rows()).slice(1)).toMatchObject([
      { status: 'failed', attempts: 1, errors: [{ metric: '*', code: 'ECONNREFUSED' }] },
    ]);
    expect(logs.find((l) => l.level === 'error')).toMatchObject({
      msg: 'metric run failed; retried on a later tick',
      bucket: '2026-01-14T01:00:00.000Z',
      attempt: 1,
    });

    down = false;
    now = new Date(NOW.getTime() + 15 * 60_000);
    const retried = await scheduler.runNow('hour');
    expect(retried.runs.map((r) => [r.bucket.toISOString(), r.status, r.attempts])).toEqual([
      ['2026-01-14T01:00:00.000Z', 'succeeded', 2],
      ['2026-01-14T02:00:00.000Z', 'succeeded', 1],
      ['2026-01-14T03:00:00.000Z', 'succeeded', 1],
    ]);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 2],
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    await scheduler.stop();
  });

  it('a bucket that fails max_attempts times stays failed and is said so in the log', async () => {
    const scheduler = build(async () => {
      throw new VigilError('vigil_warehouse_unreachable', 'The warehouse does not answer.', 'Check WAREHOUSE_URL.');
    });
    await scheduler.runNow('hour');
    await scheduler.runNow('hour');
    expect((await scheduler.runNow('hour')).runs).toEqual([]);
    expect(calls).toHaveLength(2);
    expect(await rows()).toMatchObject([
      { status: 'failed', attempts: 2, errors: [{ code: 'vigil_warehouse_unreachable' }] },
    ]);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'metric run failed; retried on a later tick',
      'metric run failed on its last attempt (schedule.max_attempts); the bucket stays failed',
    ]);
    await scheduler.stop();
  });

  it('takes over a bucket whose replica died mid-run once the lease has lapsed', async () => {
    await seed('2026-01-14T03:00:00Z', 'running', '1'); // lease_until an hour ago
    const scheduler = build(async () => RESULT);
    const report = await scheduler.runNow('hour');
    expect(report.runs).toMatchObject([{ bucket: new Date('2026-01-14T03:00:00Z'), status: 'succeeded', attempts: 2 }]);
    expect(await rows()).toMatchObject([{ status: 'succeeded', attempts: 2, replica: 'replica-a' }]);
    await scheduler.stop();
  });

  it('one tick per grain at a time: a second runNow queues behind the first; stop waits for the running evaluation and cancels the queued one', async () => {
    const gate = deferred();
    let concurrent = 0;
    let most = 0;
    const scheduler = build(async () => {
      most = Math.max(most, ++concurrent);
      await gate.promise;
      concurrent--;
      return RESULT;
    });
    const first = scheduler.runNow('hour');
    const second = scheduler.runNow('hour');
    await expect.poll(() => calls.length).toBe(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect((await first).runs).toHaveLength(1);
    // The queued runNow never started a second evaluation; stop came while it waited.
    await expect(second).rejects.toMatchObject({ code: 'vigil_scheduler_stopped' });
    expect([calls.length, most]).toEqual([1, 1]);
    await expect(scheduler.runNow('hour')).rejects.toMatchObject({ code: 'vigil_scheduler_stopped' });
  });

  it('two runNow of a grain at once: the second waits for the first and finds the bucket done', async () => {
    const scheduler = build(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return RESULT;
    });
    const [a, b] = await Promise.all([scheduler.runNow('hour'), scheduler.runNow('hour')]);
    expect([a.runs.length, b.runs.length, calls.length]).toEqual([1, 0, 1]);
    await scheduler.stop();
  });

  it('a dry run judges the newest bucket with dryRun and records nothing', async () => {
    const scheduler = build(async () => RESULT);
    const report = await scheduler.runNow('hour', { dryRun: true });
    expect(report.runs).toMatchObject([{ bucket: new Date('2026-01-14T03:00:00Z'), status: 'succeeded', attempts: 0 }]);
    expect(calls).toEqual([{ at: new Date('2026-01-14T04:00:00Z'), grain: 'hour', dryRun: true }]);
    expect(await rows()).toEqual([]);
    await scheduler.stop();
  });
});
