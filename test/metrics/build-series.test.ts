import { describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { VigilError } from '../../src/errors.ts';
import { gridIndex } from '../../src/metrics/bucket-grid.ts';
import {
  buildSeries,
  checkColumns,
  layoutOf,
  requiredColumns,
  type MetricSeries,
} from '../../src/metrics/build-series.ts';

const H = 3_600_000;
const T0 = Date.parse('2025-05-05T00:00:00Z');
const G0 = gridIndex(T0, 'hour');

function metric(over: Record<string, unknown> = {}): CatalogMetric {
  return metricSchema.parse({
    id: 'refund_rate',
    title: 'Refund rate',
    description: 'Refunds / orders',
    kind: 'ratio',
    grain: 'hour',
    bad: 'up',
    sql: 'SELECT bucket, city, category, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
    slices: [[], ['city'], ['city', 'category']],
    ...over,
  });
}

const hour = (i: number) => new Date(T0 + i * H);

function slice(series: MetricSeries, key: string) {
  const s = series.slices.find((x) => x.key === key);
  if (!s) throw new Error(`no slice ${key}; have ${series.slices.map((x) => x.key).join(' | ')}`);
  return {
    num: [...s.values.num],
    den: [...s.values.den],
    events: s.values.events ? [...s.values.events] : null,
    slice: s.slice,
  };
}

describe('buildSeries', () => {
  const rows = [
    { bucket: hour(0), city: 'jakarta', category: 'spa', numerator: 1, denominator: 10 },
    { bucket: hour(0), city: 'jakarta', category: 'food', numerator: 2, denominator: 20 },
    { bucket: hour(0), city: 'bangkok', category: 'spa', numerator: 3, denominator: 30 },
    { bucket: hour(1), city: 'jakarta', category: 'spa', numerator: 4, denominator: 40 },
    // pg returns numeric and bigint columns as strings
    { bucket: hour(2).toISOString(), city: 'bangkok', category: 'food', numerator: '5', denominator: '50' },
  ];

  it('rolls cells up into the total, each city and each city and category', () => {
    const series = buildSeries(metric(), 'hour', layoutOf([[G0, G0 + 2]], 'hour'), rows);
    expect(series.slices).toHaveLength(1 + 2 + 4);
    expect(slice(series, '')).toMatchObject({ slice: {}, num: [6, 4, 5], den: [60, 40, 50], events: null });
    expect(slice(series, 'city=jakarta')).toMatchObject({
      slice: { city: 'jakarta' },
      num: [3, 4, 0],
      den: [30, 40, 0],
    });
    expect(slice(series, 'city=bangkok')).toMatchObject({ num: [3, 0, 5], den: [30, 0, 50] });
    expect(slice(series, 'category=spa,city=jakarta')).toMatchObject({
      slice: { city: 'jakarta', category: 'spa' },
      num: [1, 4, 0],
      den: [10, 40, 0],
    });
    expect(slice(series, 'category=food,city=bangkok')).toMatchObject({ num: [0, 0, 5], den: [0, 0, 50] });
  });

  it('ignores rows outside the layout, in a gap between ranges, or without a bucket', () => {
    const layout = layoutOf(
      [
        [G0, G0],
        [G0 + 2, G0 + 2],
      ],
      'hour',
    );
    expect([...layout.posOf]).toEqual([0, -1, 1]);
    const series = buildSeries(metric({ slices: [[]] }), 'hour', layout, [
      ...rows,
      { bucket: hour(-1), city: 'jakarta', category: 'spa', numerator: 100, denominator: 100 },
      { bucket: hour(3), city: 'jakarta', category: 'spa', numerator: 100, denominator: 100 },
      { bucket: null, city: 'jakarta', category: 'spa', numerator: 100, denominator: 100 },
      { bucket: 'not a time', city: 'jakarta', category: 'spa', numerator: 100, denominator: 100 },
    ]);
    expect(slice(series, '')).toMatchObject({ num: [6, 5], den: [60, 50] });
  });

  it('places rows by the bucket they start in, not by the hour of a mid-bucket timestamp', () => {
    const series = buildSeries(metric({ slices: [[]] }), 'hour', layoutOf([[G0, G0 + 1]], 'hour'), [
      { bucket: new Date(T0 + 59 * 60_000), numerator: 1, denominator: 1 },
      { bucket: new Date(T0 + H), numerator: 2, denominator: 2 },
    ]);
    expect(slice(series, '').num).toEqual([1, 2]);
  });

  it('sums an events column when the query returns one', () => {
    const series = buildSeries(metric(), 'hour', layoutOf([[G0, G0 + 1]], 'hour'), [
      { bucket: hour(0), city: 'jakarta', category: 'spa', numerator: 12.5, denominator: 100, events: 2 },
      { bucket: hour(0), city: 'jakarta', category: 'food', numerator: 7.5, denominator: 100, events: '3' },
      { bucket: hour(1), city: 'bangkok', category: 'spa', numerator: 1, denominator: 100, events: null },
    ]);
    expect(slice(series, '').events).toEqual([5, 0]);
    expect(slice(series, 'city=jakarta').events).toEqual([5, 0]);
    expect(slice(series, 'category=food,city=jakarta').events).toEqual([3, 0]);
  });

  it('reads amount metrics from the value column', () => {
    const m = metric({
      kind: 'amount',
      sql: 'SELECT bucket, city, value FROM t WHERE :from < :to',
      slices: [[], ['city']],
    });
    const series = buildSeries(m, 'hour', layoutOf([[G0, G0]], 'hour'), [
      { bucket: hour(0), city: 'jakarta', value: 7 },
      { bucket: hour(0), city: 'bangkok', value: '5' },
    ]);
    expect(slice(series, '')).toMatchObject({ num: [12], den: [0] });
    expect(slice(series, 'city=bangkok').num).toEqual([5]);
  });

  it('puts rows without a dimension value in a "(none)" slice', () => {
    const series = buildSeries(metric({ slices: [['city']] }), 'hour', layoutOf([[G0, G0]], 'hour'), [
      { bucket: hour(0), city: null, numerator: 1, denominator: 2 },
    ]);
    expect(slice(series, 'city=(none)').den).toEqual([2]);
  });

  it('uses the day grid for a daily metric', () => {
    const day = Date.parse('2025-05-04T16:00:00Z'); // midnight of 5 May in Asia/Singapore
    const g = gridIndex(day, 'day');
    const series = buildSeries(metric({ grain: 'day', slices: [[]] }), 'day', layoutOf([[g, g + 1]], 'day'), [
      { bucket: new Date(day), numerator: 1, denominator: 10 },
      { bucket: new Date(day + 86_400_000), numerator: 2, denominator: 20 },
    ]);
    expect(series.layout.period).toBe(7);
    expect(slice(series, '').den).toEqual([10, 20]);
  });
});

describe('checkColumns', () => {
  it('accepts rows with every required column, extra columns included', () => {
    expect(requiredColumns(metric())).toEqual(['bucket', 'numerator', 'denominator', 'city', 'category']);
    expect(() =>
      checkColumns(metric(), ['bucket', 'city', 'category', 'numerator', 'denominator', 'events']),
    ).not.toThrow();
  });

  it('names each missing column in a vigil_metric_bad_columns error', () => {
    let err: unknown;
    try {
      checkColumns(metric(), ['bucket', 'city', 'numerator']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('vigil_metric_bad_columns');
    expect((err as VigilError).message).toBe('The SQL of refund_rate returns no "denominator", "category" column.');
    expect((err as VigilError).hint).toContain('got bucket, city, numerator');
  });

  it('requires value (not numerator and denominator) for an amount metric', () => {
    const m = metric({ kind: 'amount', slices: [[]] });
    expect(requiredColumns(m)).toEqual(['bucket', 'value']);
    expect(() => checkColumns(m, ['bucket', 'numerator', 'denominator'])).toThrow(/"value"/);
    expect(() => checkColumns(m, [])).toThrow(
      expect.objectContaining({ code: 'vigil_metric_bad_columns', hint: expect.stringContaining('no columns') }),
    );
  });
});
