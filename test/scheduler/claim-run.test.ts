import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { claimRun, finishRun, readRunState, renewLease, type ClaimOptions } from '../../src/scheduler/claim-run.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T0 = new Date('2026-01-14T04:01:00Z');
const BUCKET = new Date('2026-01-14T03:00:00Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const opts = (replica: string, now: Date, extra: Partial<ClaimOptions> = {}): ClaimOptions => ({
  replica,
  now,
  leaseMs: 10 * MINUTE,
  maxAttempts: 3,
  ...extra,
});
const ok = {
  metricsJudged: 12,
  anomalies: 2,
  incidents: 1,
  errors: [{ metric: 'refund_rate', code: 'vigil_metric_query_failed', message: 'relation missing' }],
};

describe.each(testDatabaseKinds)('metric run claims on %s', (kind) => {
  let db: TestDatabase;
  const row = async () =>
    (
      await db.pool.query(
        'SELECT status, replica, attempts, lease_until, started_at, finished_at, metrics_judged, anomalies, incidents, errors FROM metric_runs',
      )
    ).rows;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE metric_runs');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('claims a bucket once; finishing records the counts and errors; a finished bucket is not claimed again', async () => {
    const claim = await claimRun(db.pool, 'hour', BUCKET, opts('a', T0));
    expect(claim).toMatchObject({ grain: 'hour', bucket: BUCKET, replica: 'a', attempts: 1 });
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('b', T0))).toBeNull();
    expect(await claimRun(db.pool, 'day', BUCKET, opts('b', T0))).not.toBeNull(); // another grain, another run
    expect(await finishRun(db.pool, claim!, { status: 'succeeded', result: ok }, at(2))).toBe(true);
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('b', at(60)))).toBeNull();
    const [hour] = (await db.pool.query("SELECT * FROM metric_runs WHERE grain = 'hour'")).rows;
    expect(hour).toMatchObject({
      status: 'succeeded',
      replica: 'a',
      attempts: 1,
      started_at: T0,
      finished_at: at(2),
      metrics_judged: 12,
      anomalies: 2,
      incidents: 1,
      errors: ok.errors,
    });
  });

  it('a failed run is reclaimed with attempts + 1 until max_attempts, then left failed', async () => {
    const failure = {
      status: 'failed' as const,
      errors: [{ metric: '*', code: 'ECONNREFUSED', message: 'warehouse down' }],
    };
    let claim = await claimRun(db.pool, 'hour', BUCKET, opts('a', T0));
    await finishRun(db.pool, claim!, failure, at(1));
    expect(await row()).toMatchObject([{ status: 'failed', attempts: 1, errors: failure.errors, finished_at: at(1) }]);

    claim = await claimRun(db.pool, 'hour', BUCKET, opts('b', at(15)));
    expect(claim).toMatchObject({ replica: 'b', attempts: 2 });
    // The retry starts clean: no finish time, no errors of the attempt before.
    expect(await row()).toMatchObject([
      { status: 'running', replica: 'b', attempts: 2, started_at: at(15), finished_at: null, errors: [] },
    ]);
    await finishRun(db.pool, claim!, failure, at(16));
    claim = await claimRun(db.pool, 'hour', BUCKET, opts('a', at(30)));
    expect(claim?.attempts).toBe(3);
    await finishRun(db.pool, claim!, failure, at(31));
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('a', at(45)))).toBeNull();
    expect(await row()).toMatchObject([{ status: 'failed', attempts: 3 }]);
  });

  it('a running claim is taken over only after its lease lapses; the old holder can then neither renew nor finish', async () => {
    const first = await claimRun(db.pool, 'hour', BUCKET, opts('a', T0));
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('b', at(9)))).toBeNull();
    expect(await renewLease(db.pool, first!, at(20))).toBe(true); // a live replica keeps its claim
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('b', at(19)))).toBeNull();

    const second = await claimRun(db.pool, 'hour', BUCKET, opts('b', at(21)));
    expect(second).toMatchObject({ replica: 'b', attempts: 2 });
    expect(await renewLease(db.pool, first!, at(40))).toBe(false);
    expect(await finishRun(db.pool, first!, { status: 'succeeded', result: ok }, at(22))).toBe(false);
    expect(await row()).toMatchObject([{ status: 'running', replica: 'b', attempts: 2, lease_until: at(31) }]);
    expect(await finishRun(db.pool, second!, { status: 'succeeded', result: ok }, at(23))).toBe(true);
    expect(await row()).toMatchObject([{ status: 'succeeded', replica: 'b', attempts: 2, metrics_judged: 12 }]);
  });

  it('a lapsed claim on its last attempt is not taken over', async () => {
    await claimRun(db.pool, 'hour', BUCKET, opts('a', T0, { maxAttempts: 1 }));
    expect(await claimRun(db.pool, 'hour', BUCKET, opts('b', at(60), { maxAttempts: 1 }))).toBeNull();
  });

  it('reads the newest recorded bucket of a grain and the runs since a moment', async () => {
    expect(await readRunState(db.pool, 'hour', BUCKET)).toEqual({ latestBucket: null, recent: [] });
    for (const h of [0, 1, 2, 3]) await claimRun(db.pool, 'hour', new Date(Date.UTC(2026, 0, 14, h)), opts('a', T0));
    await claimRun(db.pool, 'day', new Date('2026-01-14T16:00:00Z'), opts('a', T0));
    const state = await readRunState(db.pool, 'hour', new Date('2026-01-14T02:00:00Z'));
    expect(state.latestBucket).toEqual(BUCKET);
    expect(state.recent.map((r) => [r.bucket.toISOString(), r.status, r.attempts, r.leaseUntil]).sort()).toEqual([
      ['2026-01-14T02:00:00.000Z', 'running', 1, at(10)],
      ['2026-01-14T03:00:00.000Z', 'running', 1, at(10)],
    ]);
  });
});
