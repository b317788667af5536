// A metric added eight days ago: its slices have no same-hour points of past weeks, so the evaluator reads
// the shorter seasons' history too and judges them on low history, and a spike on day 8 opens an incident.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import type { MetricVerdict } from '../../src/watch/judge-metric.ts';
import { fetchMetricRows } from '../../src/watch/fetch-metric-rows.ts';
import { createSpikeWarehouse } from '../helpers/spike-warehouse.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const HOUR = 3_600_000;
const END = Date.parse('2026-03-02T00:00:00Z');
const logger = pino({ level: 'silent' });

describe.each(testDatabaseKinds)('a new metric on %s', (kind) => {
  let db: TestDatabase;
  let metric: CatalogMetric;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    // Eight days of history; Jakarta fails ten times as often for the last three hours.
    await createSpikeWarehouse(db.pool, 'wh_new_metric', {
      from: new Date(END - 8 * 24 * HOUR),
      spikeFrom: new Date(END - 3 * HOUR),
      spikeTo: new Date(END + HOUR),
      to: new Date(END + 6 * HOUR),
    });
    metric = metricSchema.parse({
      id: 'new_failure_rate',
      title: 'Failure rate',
      description: 'failures / attempts',
      kind: 'ratio',
      grain: 'hour',
      bad: 'up',
      slices: [['city']],
      min_volume: 50,
      sql: 'SELECT bucket, city, sum(failures) AS numerator, sum(attempts) AS denominator FROM wh_new_metric.attempts WHERE bucket >= :from AND bucket < :to GROUP BY 1, 2',
      detector: { window_buckets: 1, z: 4, min_change: 0.5, min_duration: 2, recovery_buckets: 2 },
    });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('judges every slice on low history and opens an incident for the spike', async () => {
    const verdicts: MetricVerdict[] = [];
    const reads: Array<ReadonlyArray<readonly [number, number]>> = [];
    const evaluate = createEvaluator({
      fetchRows: (pool, m, grain, tz, ranges, opts) => {
        reads.push(ranges);
        return fetchMetricRows(pool, m, grain, tz, ranges, opts);
      },
      pool: db.pool,
      warehouse: db.pool,
      logger,
      timezone: 'UTC',
      catalog: [metric],
      notify: async () => {},
      onVerdict: (_m, v) => verdicts.push(v),
    });
    const result = await evaluate({ at: new Date(END), grain: 'hour' });
    expect(result).toMatchObject({ metricsJudged: 1, incidents: 1, errors: [] });
    const [verdict] = verdicts;
    expect(verdict!.judged).toBe(2);
    expect(verdict!.firing.map((f) => f.key)).toEqual(['city=jakarta']);
    expect(verdict!.firing[0]!.judgement.lowHistory).toBe(true);
    // The first read covers the same hours of past weeks; the second adds the same hours of the past days.
    expect(reads).toHaveLength(2);
    const g = END / HOUR - 1;
    const covers = (ranges: ReadonlyArray<readonly [number, number]>, at: number) =>
      ranges.some(([a, b]) => a <= at && at <= b);
    expect(covers(reads[0]!, g - 3 * 24)).toBe(false);
    expect(covers(reads[1]!, g - 3 * 24)).toBe(true);
    expect(verdict!.firing[0]!.judgement.expected).toBeCloseTo(0.05, 1);
  });
});
