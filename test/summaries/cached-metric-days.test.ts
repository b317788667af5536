// Settled days of a metric are kept in metric_day_totals and not read again; newer days, and every day
// after the metric's SQL changes, come from the warehouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { cachedMetricDays, warmMetricDays } from '../../src/summaries/cached-metric-days.ts';
import { localDayStart } from '../../src/summaries/digest-facts-period.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const TZ = 'Asia/Jakarta';
const NOW = new Date('2026-11-26T02:00:00Z'); // 09:00 on the 26th in Jakarta
const sql =
  'SELECT bucket, fails AS numerator, attempts AS denominator FROM wh_cd.cells WHERE bucket >= :from AND bucket < :to';
const metric = (text = sql): CatalogMetric =>
  metricSchema.parse({
    id: 'fail_rate',
    title: 'Failure rate',
    description: 'test',
    kind: 'ratio',
    grain: 'hour',
    bad: 'up',
    sql: text,
  });
const from = new Date(localDayStart('2026-11-20', TZ));
const to = new Date(localDayStart('2026-11-26', TZ));

describe.each(testDatabaseKinds)('cachedMetricDays on %s', (kind) => {
  let db: TestDatabase;
  const deps = () => ({ pool: db.pool, warehouse: db.pool, timezone: TZ, now: NOW });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_cd');
    await db.pool.query('CREATE TABLE wh_cd.cells (bucket timestamptz, fails int, attempts int)');
    // One row at noon each local day from the 20th to the 25th, none on the 22nd.
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24', '2026-11-25']) {
      await db.pool.query('INSERT INTO wh_cd.cells VALUES ($1, 5, 100)', [
        new Date(localDayStart(day, TZ) + 12 * 3_600_000),
      ]);
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps settled days (empty ones too), re-reads the newest, and starts afresh when the SQL changes', async () => {
    const first = await cachedMetricDays(deps(), metric(), from, to);
    expect([...first.keys()].sort()).toEqual(['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24', '2026-11-25']);
    const kept = await db.pool.query(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, has_data FROM metric_day_totals ORDER BY day",
    );
    // The 25th ended 9 hours ago: not settled, so not kept.
    expect(kept.rows).toEqual([
      { day: '2026-11-20', has_data: true },
      { day: '2026-11-21', has_data: true },
      { day: '2026-11-22', has_data: false },
      { day: '2026-11-23', has_data: true },
      { day: '2026-11-24', has_data: true },
    ]);
    // A late correction to a settled day is not read again; one to the newest day is.
    await db.pool.query('UPDATE wh_cd.cells SET fails = 50');
    const second = await cachedMetricDays(deps(), metric(), from, to);
    expect(second.get('2026-11-21')!.num).toBe(5);
    expect(second.get('2026-11-25')!.num).toBe(50);
    expect(second.has('2026-11-22')).toBe(false);
    const edited = await cachedMetricDays(deps(), metric(`${sql} AND true`), from, to);
    expect(edited.get('2026-11-21')!.num).toBe(50);
  });

  it('warms every settled day the next daily and weekly digests read, and names a metric that fails', async () => {
    await db.pool.query('DELETE FROM metric_day_totals');
    const broken = metricSchema.parse({
      id: 'broken',
      title: 'Broken',
      description: 'test',
      kind: 'ratio',
      grain: 'hour',
      bad: 'up',
      sql: 'SELECT nope FROM wh_cd.cells WHERE :from < :to',
    });
    expect(await warmMetricDays(deps(), [metric(), broken])).toEqual({ metrics: 2, failed: ['broken'] });
    // Last full week is 16-22 Nov; its chart's 28 days end on the 22nd, each with four weeks behind it, so the
    // first day read is 28 Sep (55 days before the 22nd); the 25th is not settled.
    const { rows } = await db.pool.query(
      "SELECT min(day)::text AS first, max(day)::text AS last, count(*)::int AS n FROM metric_day_totals WHERE metric_id = 'fail_rate'",
    );
    expect(rows[0]).toEqual({ first: '2026-09-28', last: '2026-11-24', n: 58 });
  });
});
