// Every metric of the shipped demo catalog, run through fetchMetricRows against a seeded demo warehouse:
// the SQL runs read-only with its bound parameters, returns the columns the catalog needs, and its
// buckets fall on vigil's grid (daily ones at local midnight of the configured zone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { gridIndex, gridStart } from '../../src/metrics/bucket-grid.ts';
import { buildSeries, layoutOf, requiredColumns } from '../../src/metrics/build-series.ts';
import { fetchMetricRows } from '../../src/watch/fetch-metric-rows.ts';
import { GRAIN_MS } from '../../src/metrics/grain.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

// The shared seeded demo: 35 days ending at a UTC midnight, copied per database.
const END = DEMO_TEMPLATE.end;
const catalog = demoCatalog();

// The last three days (or the last 72 hours) before the end of the data.
function rangeOf(metric: CatalogMetric, tz: string): [number, number] {
  const grain = metric.grain;
  const last = gridIndex(END.getTime() - GRAIN_MS[grain], grain) - (grain === 'day' ? 1 : 0);
  const first = last - (grain === 'day' ? 2 : 71);
  // Daily buckets must be complete local days inside the data.
  expect(gridStart(first, grain, tz)).toBeGreaterThan(END.getTime() - 35 * 86_400_000);
  return [first, last];
}

describe.each(testDatabaseKinds)('the demo catalog against a seeded demo warehouse on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openDemoDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(catalog.map((m) => [m.id, m] as const))(
    '%s returns the required columns on the bucket grid',
    async (_id, metric) => {
      for (const tz of metric.grain === 'day' ? ['Asia/Singapore', 'America/New_York'] : ['Asia/Singapore']) {
        const [first, last] = rangeOf(metric, tz);
        const rows = await fetchMetricRows(db.pool, metric, metric.grain, tz, [[first, last]], {
          chunk: metric.grain === 'day' ? 2 : 24,
        });
        expect(rows.length, metric.id).toBeGreaterThan(0);
        for (const column of requiredColumns(metric)) expect(Object.keys(rows[0]!), metric.id).toContain(column);

        const from = gridStart(first, metric.grain, tz);
        const to = gridStart(last + 1, metric.grain, tz);
        for (const row of rows) {
          const bucket = new Date(row.bucket as string | Date).getTime();
          expect(bucket, `${metric.id} ${tz} ${String(row.bucket)}`).toBeGreaterThanOrEqual(from);
          expect(bucket).toBeLessThan(to);
          // A bucket start, not an instant inside a bucket (a UTC day in place of a local one would fail here).
          expect(gridStart(gridIndex(bucket, metric.grain), metric.grain, tz), `${metric.id} ${tz}`).toBe(bucket);
          const values = metric.kind === 'ratio' ? [row.numerator, row.denominator] : [row.value];
          for (const v of values) expect(Number(v), metric.id).toBeGreaterThanOrEqual(0);
        }

        // Nearly every fetched bucket of the whole market has data (redemptions pause at night), and a
        // proportion stays a proportion.
        const series = buildSeries(metric, metric.grain, layoutOf([[first, last]], metric.grain), rows);
        const total = series.slices.find((s) => s.key === '')!;
        expect(total, metric.id).toBeDefined();
        const volume = metric.kind === 'ratio' ? total.values.den : total.values.num;
        expect([...volume].filter((v) => v > 0).length / volume.length, metric.id).toBeGreaterThan(0.8);
        if (metric.rate_kind === 'proportion') {
          for (let i = 0; i < volume.length; i++)
            expect(total.values.num[i]!, metric.id).toBeLessThanOrEqual(total.values.den[i]!);
        }
        // Each watched slice set is present.
        for (const dims of metric.slices) {
          expect(
            series.slices.some((s) => Object.keys(s.slice).sort().join() === [...dims].sort().join()),
            `${metric.id} [${dims.join()}]`,
          ).toBe(true);
        }
        if (metric.id === 'refund_rate' || metric.id === 'moderation_qa_accuracy')
          expect(total.values.events, metric.id).not.toBeNull();
      }
    },
    120_000,
  );

  it('gives the same rows whatever the chunk size', async () => {
    const metric = catalog.find((m) => m.id === 'order_volume')!;
    const [first, last] = rangeOf(metric, 'Asia/Singapore');
    const sum = (rows: Record<string, unknown>[]) => rows.reduce((n, r) => n + Number(r.value), 0);
    const small = await fetchMetricRows(db.pool, metric, 'hour', 'Asia/Singapore', [[first, last]], { chunk: 7 });
    const big = await fetchMetricRows(db.pool, metric, 'hour', 'Asia/Singapore', [[first, last]], { chunk: 1000 });
    expect(small.length).toBe(big.length);
    expect(sum(small)).toBe(sum(big));
    const orders = await db.pool.query(
      'SELECT count(*)::int AS n FROM warehouse.orders WHERE paid_at >= $1 AND paid_at < $2',
      [new Date(gridStart(first, 'hour', 'UTC')), new Date(gridStart(last + 1, 'hour', 'UTC'))],
    );
    expect(sum(big)).toBe(orders.rows[0].n);
  }, 60_000);
});
