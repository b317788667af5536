// An hourly proportion metric sliced by city, for tests that judge one: failures / attempts, up is bad.
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';

/** The metric, with `overrides` on top (a `sql` reading another table, other detector settings). */
export function ratioMetric(overrides: Record<string, unknown> = {}): CatalogMetric {
  return metricSchema.parse({
    id: 'failure_rate',
    title: 'Failure rate',
    description: 'failures / attempts',
    kind: 'ratio',
    rate_kind: 'proportion',
    grain: 'hour',
    bad: 'up',
    slices: [['city']],
    min_volume: 50,
    sql: 'SELECT bucket, city, failures AS numerator, attempts AS denominator FROM t WHERE bucket >= :from AND bucket < :to',
    detector: { window_buckets: 1, z: 4, min_change: 0.5, min_duration: 1, recovery_buckets: 2 },
    ...overrides,
  });
}
