import { describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { checkedSlices } from '../../src/cli/run-check.ts';
import type { FiringSlice, MetricVerdict } from '../../src/watch/judge-metric.ts';

const metric = metricSchema.parse({
  id: 'refund_rate',
  title: 'Refund rate',
  description: 'Refunds / orders',
  kind: 'ratio',
  grain: 'hour',
  bad: 'up',
  sql: 'SELECT bucket, city, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
  slices: [[], ['city']],
});
const T = Date.parse('2026-03-03T10:00:00Z');

function firing(city: string, observed: number, expected: number, anomalous: boolean): FiringSlice {
  return {
    slice: { city },
    key: `city=${city}`,
    judgement: {
      observed,
      expected,
      low: 0,
      high: 0.1,
      z: anomalous ? 9 : 0,
      score: 0.9,
      anomalous,
      healthy: !anomalous,
      reason: 'r',
    },
    since: T - 3 * 3_600_000,
    fresh: false,
    impact: 0,
    severity: 3,
  };
}

describe('checkedSlices (vigil check)', () => {
  it('counts as anomalous only slices anomalous at the judged bucket; one waiting to recover is apart', () => {
    const verdict: MetricVerdict = {
      bucket: 1,
      bucketStart: T,
      // Jakarta still moves; Bandung reads 0 against 0 expected, in its alert until enough healthy buckets pass.
      firing: [firing('jakarta', 0.4, 0.05, true), firing('bandung', 0, 0, false)],
      healthyRun: new Map(),
      judged: 2,
      coverage: { judged: 2, noData: 0, noHistory: 0, lowHistory: 0 },
    };
    const { anomalous, recovering } = checkedSlices(metric, verdict);
    expect(anomalous.map((a) => a.slice)).toEqual([{ city: 'jakarta' }]);
    expect(recovering.map((a) => [a.slice, a.observed, a.expected])).toEqual([[{ city: 'bandung' }, 0, 0]]);
    expect(anomalous[0]).toMatchObject({ bucket: '2026-03-03T10:00:00.000Z', since: '2026-03-03T07:00:00.000Z' });
  });
});
