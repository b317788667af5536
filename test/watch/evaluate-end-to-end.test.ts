// The evaluator end to end on a real database: a synthetic warehouse table, a catalog metric, and
// what a run records: anomalies, one incident per group updated not duplicated, recovery, broken metrics.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import { createSpikeWarehouse } from '../helpers/spike-warehouse.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import pg from 'pg';

const HOUR = 3_600_000;
// The judged bucket is the one before `at`; the spike sits in the last hours of 5 weeks of history.
const END = Date.parse('2026-03-02T00:00:00Z');
const SPIKE_FROM = END - 3 * HOUR;
const logger = pino({ level: 'silent' });

function metric(sql: string, overrides: Record<string, unknown> = {}): CatalogMetric {
  return metricSchema.parse({
    id: 'failure_rate',
    title: 'Failure rate',
    description: 'failures / attempts',
    kind: 'ratio',
    rate_kind: 'proportion',
    grain: 'hour',
    bad: 'up',
    slices: [[], ['city'], ['city', 'category']],
    min_volume: 50,
    sql,
    detector: { window_buckets: 1, z: 4, min_change: 0.5, min_duration: 1, recovery_buckets: 2 },
    ...overrides,
  });
}

describe.each(testDatabaseKinds)('createEvaluator on %s', (kind) => {
  let db: TestDatabase;
  let good: CatalogMetric;
  const notices: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    // 5 weeks of hours, 2 cities x 5 categories at about 5 % failures; from SPIKE_FROM every Jakarta category
    // fails 40 % of attempts, until the last hour that recovers.
    await createSpikeWarehouse(db.pool, 'wh_e2e', {
      from: new Date(END - 36 * 24 * HOUR),
      spikeFrom: new Date(SPIKE_FROM),
      spikeTo: new Date(END + 1 * HOUR),
      to: new Date(END + 6 * HOUR),
    });
    good = metric(
      'SELECT bucket, city, category, failures AS numerator, attempts AS denominator FROM wh_e2e.attempts WHERE bucket >= :from AND bucket < :to',
    );
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const evaluator = (catalog: CatalogMetric[], warehouse = db.pool) =>
    createEvaluator({
      pool: db.pool,
      warehouse,
      logger,
      timezone: 'UTC',
      catalog,
      notify: async (t) => {
        notices.push(t);
      },
    });

  it('records the anomalous slices and opens one incident for the group of Jakarta categories', async () => {
    const result = await evaluator([good])({ at: new Date(END), grain: 'hour' });
    expect(result).toMatchObject({ metricsJudged: 1, incidents: 1, errors: [] });
    const anomalies = await db.pool.query(
      "SELECT slice_key FROM anomalies WHERE metric_id = 'failure_rate' ORDER BY slice_key",
    );
    const keys = anomalies.rows.map((r) => r.slice_key);
    expect(keys).toContain('city=jakarta');
    expect(keys.filter((k) => k.startsWith('category=')).length).toBe(5);
    expect(keys.some((k) => k.includes('manila'))).toBe(false);
    const incidents = await db.pool.query(
      "SELECT title, slice, evidence, severity, opened_by FROM incidents WHERE metric_id = 'failure_rate'",
    );
    expect(incidents.rows).toHaveLength(1);
    const inc = incidents.rows[0];
    expect(inc.slice).toEqual({ city: 'jakarta' });
    expect(inc.title).toBe('Failure rate, city=jakarta');
    expect(inc.opened_by).toBe('vigil');
    expect(inc.evidence.observed).toBeCloseTo(0.4, 5);
    expect(inc.evidence.expected).toBeGreaterThan(0.03);
    expect(inc.evidence.expected).toBeLessThan(0.07);
    expect(inc.evidence.contributors.length).toBeGreaterThanOrEqual(5);
  });

  it('updates the open incident on the next bucket instead of opening another', async () => {
    const result = await evaluator([good])({ at: new Date(END + HOUR), grain: 'hour' });
    expect(result.incidents).toBe(1);
    const incidents = await db.pool.query("SELECT id, evidence FROM incidents WHERE metric_id = 'failure_rate'");
    expect(incidents.rows).toHaveLength(1);
    expect(incidents.rows[0].evidence.bucket).toBe(new Date(END).toISOString());
  });

  it('notes recovery after recovery_buckets healthy buckets, once', async () => {
    await evaluator([good])({ at: new Date(END + 2 * HOUR), grain: 'hour' });
    const before = await db.pool.query("SELECT recovered_noted_at FROM incidents WHERE metric_id = 'failure_rate'");
    expect(before.rows[0].recovered_noted_at).toBeNull();
    await evaluator([good])({ at: new Date(END + 3 * HOUR), grain: 'hour' });
    const after = await db.pool.query(
      "SELECT recovered_noted_at, healthy_buckets FROM incidents WHERE metric_id = 'failure_rate'",
    );
    expect(after.rows[0].recovered_noted_at).not.toBeNull();
    expect(after.rows[0].healthy_buckets).toBeGreaterThanOrEqual(2);
  });

  it('a dry run judges but records nothing', async () => {
    await db.pool.query('DELETE FROM anomalies');
    const result = await evaluator([good])({ at: new Date(END), grain: 'hour', dryRun: true });
    expect(result.anomalies).toBeGreaterThan(0);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM anomalies')).rows[0].n).toBe(0);
  });

  it('marks a metric with broken SQL broken, tells its owner once, and keeps judging the others', async () => {
    notices.length = 0;
    const broken = metric(
      'SELECT bucket, city, category, nope AS numerator, attempts AS denominator FROM wh_e2e.attempts WHERE bucket >= :from AND bucket < :to',
      { id: 'broken_rate', owner: 'U0OWNER1' },
    );
    const wrongColumns = metric(
      'SELECT bucket, city, failures FROM wh_e2e.attempts WHERE bucket >= :from AND bucket < :to',
      { id: 'columns_rate' },
    );
    for (let i = 0; i < 2; i++) {
      const result = await evaluator([broken, wrongColumns, good])({
        at: new Date(END + 4 * HOUR),
        grain: 'hour',
        dryRun: false,
      });
      expect(result.metricsJudged).toBe(1);
      expect(result.errors.map((e) => [e.metric, e.code])).toEqual([
        ['broken_rate', 'vigil_warehouse_sql_error'],
        ['columns_rate', 'vigil_metric_bad_columns'],
      ]);
    }
    expect(notices.filter((n) => n.includes('broken_rate'))).toHaveLength(1);
    expect(notices.find((n) => n.includes('broken_rate'))).toContain('<@U0OWNER1>');
    const health = await db.pool.query(
      "SELECT metric_id, status FROM metric_health WHERE metric_id IN ('broken_rate', 'columns_rate', 'failure_rate') ORDER BY metric_id",
    );
    expect(health.rows).toEqual([
      { metric_id: 'broken_rate', status: 'broken' },
      { metric_id: 'columns_rate', status: 'broken' },
      { metric_id: 'failure_rate', status: 'ok' },
    ]);
  });

  it('raises one "data stale" alert instead of anomalies when the newest data is late', async () => {
    notices.length = 0;
    const stale = metric(good.sql, { id: 'stale_rate', stale_after: '2h' });
    for (let i = 0; i < 2; i++) {
      const result = await evaluator([stale])({ at: new Date(END + 12 * HOUR), grain: 'hour' });
      expect(result).toMatchObject({ metricsJudged: 0, anomalies: 0 });
    }
    expect(notices.filter((n) => n.includes('stale'))).toHaveLength(1);
  });

  it('rejects when the warehouse is down, so the scheduler records a failed run', async () => {
    const down = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    down.on('error', () => {});
    await expect(evaluator([good], down)({ at: new Date(END), grain: 'hour' })).rejects.toMatchObject({
      code: 'vigil_warehouse_unreachable',
    });
    await down.end();
  });
});
