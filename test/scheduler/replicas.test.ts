// Several replicas on one PostgreSQL: each bucket judged exactly once. Embedded PGlite shares one
// session between connections, so this runs on the real PostgreSQL only (TEST_DATABASE_URL).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/create-scheduler.ts';
import type { EvaluationRequest } from '../../src/watch/evaluation-types.ts';
import type { Grain } from '../../src/metrics/grain.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const GRAINS: Grain[] = ['15m', 'hour', 'day'];
const HOUR = 3_600_000;

describe.runIf(testDatabaseKinds.includes('postgres'))('three replicas on PostgreSQL', () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const schedulers: Scheduler[] = [];
  const judged = new Map<string, string[]>(); // grain@at -> replicas that judged it
  let now = new Date('2026-01-14T04:01:00Z');
  let failNext = 0;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await migrate(db.pool);
    for (const replica of ['r1', 'r2', 'r3']) {
      const pool = new pg.Pool({ connectionString: db.url, max: 3 });
      pool.on('error', () => {});
      pools.push(pool);
      schedulers.push(
        createScheduler({
          pool,
          logger: createLogger({ level: 'silent' }),
          timezone: 'Asia/Jakarta',
          grains: GRAINS,
          replica,
          clock: () => new Date(now),
          settings: scheduleSchema.parse({ catch_up_buckets: { '15m': 6, hour: 4, day: 2 }, max_attempts: 3 }),
          async evaluate(request: EvaluationRequest) {
            // A jittered evaluation lets the replicas interleave their claims.
            await new Promise((r) => setTimeout(r, Math.random() * 15));
            if (failNext > 0) {
              failNext--;
              throw Object.assign(new Error('warehouse down'), { code: 'ECONNREFUSED' });
            }
            const key = `${request.grain}@${request.at.toISOString()}`;
            judged.set(key, [...(judged.get(key) ?? []), replica]);
            return { metricsJudged: 3, anomalies: 0, incidents: 0, errors: [] };
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(schedulers.map((s) => s.stop()));
    await Promise.all(pools.map((p) => p.end()));
    await db?.close();
  });

  /** Every replica ticks every grain at once, as their cron tasks would at the same quarter hour. */
  const tickAll = () => Promise.all(schedulers.flatMap((s) => GRAINS.map((g) => s.runNow(g))));
  const runCounts = async () =>
    (
      await db.pool.query(
        "SELECT grain, count(*)::int AS n, count(*) FILTER (WHERE status = 'succeeded')::int AS ok FROM metric_runs GROUP BY grain ORDER BY grain",
      )
    ).rows;

  it('judge each bucket exactly once across ticks, catch-up after downtime and a failed-then-retried run', async () => {
    await tickAll(); // first start: the newest bucket of each grain
    now = new Date(now.getTime() + 2 * HOUR); // 2 h later: 15m catches up 6 of its 8 missed buckets, hour 2
    await tickAll();
    failNext = 1; // the one due bucket meets a dead warehouse
    now = new Date(now.getTime() + 15 * 60_000);
    await tickAll();
    now = new Date(now.getTime() + 15 * 60_000); // the next tick retries it, beside the new bucket
    await tickAll();
    now = new Date(now.getTime() + 78 * HOUR); // a long outage: each grain catches up its bound
    await tickAll();
    await tickAll();
    now = new Date(now.getTime() + 15 * 60_000);
    await tickAll();

    const twice = [...judged].filter(([, replicas]) => replicas.length > 1);
    expect(twice).toEqual([]);
    expect(failNext).toBe(0);
    const counts = await runCounts();
    expect(counts.every((c) => c.n === c.ok)).toBe(true);
    // Each succeeded run was judged once, and nothing else was judged.
    expect(counts.reduce((sum, c) => sum + c.ok, 0)).toBe(judged.size);
    expect(counts.map((c) => [c.grain, c.n])).toEqual([
      ['15m', 1 + 6 + 1 + 1 + 6 + 1],
      ['day', 1 + 2],
      ['hour', 1 + 2 + 4],
    ]);
    const retried = await db.pool.query('SELECT grain, attempts FROM metric_runs WHERE attempts > 1');
    expect(retried.rows).toEqual([{ grain: '15m', attempts: 2 }]);
  });
});
