import { describe, expect, it } from 'vitest';
import { gridIndex } from '../../src/metrics/bucket-grid.ts';
import { buildSeries, layoutOf } from '../../src/metrics/build-series.ts';
import { judgeMetric, rangesFor } from '../../src/watch/judge-metric.ts';
import { ratioMetric } from '../helpers/ratio-metric.ts';

const HOUR = 3_600_000;
const metric = ratioMetric();
// The judged bucket: the last hour of 1 Mar 2026.
const g = gridIndex(Date.parse('2026-03-01T23:00:00Z'), 'hour');

// Hours of a city from `first` to `last` (grid indexes) at 5 % failures, and `spike` failures at g.
function hours(city: string, first: number, last: number, spike?: number) {
  const rows = [];
  for (let h = first; h <= last; h++) {
    const failures = h === g && spike !== undefined ? spike : 50 + (h % 5);
    rows.push({ bucket: new Date(h * HOUR), city, numerator: failures, denominator: 1000 });
  }
  return rows;
}

describe('judgeMetric coverage (vigil check)', () => {
  it('counts the slices at the judged bucket: judged, without data, with too little history, judged on low history', () => {
    const ranges = rangesFor(metric, g);
    const rows = [
      // Five weeks: judged against the same hour of past weeks.
      ...hours('jakarta', g - 5 * 168, g),
      // Four days old: judged against the same hour of past days, low history; its spike fires all the same.
      ...hours('bandung', g - 4 * 24, g, 400),
      // Two hours old: nothing to compare it with.
      ...hours('medan', g - 1, g),
      // Weeks of history, but nothing at the judged hour.
      ...hours('surabaya', g - 5 * 168, g - 1),
    ];
    const series = buildSeries(metric, 'hour', layoutOf(ranges, 'hour'), rows);
    const verdict = judgeMetric(metric, 'hour', 'UTC', series, g);
    expect(verdict.coverage).toEqual({ judged: 2, noData: 1, noHistory: 1, lowHistory: 1 });
    expect(verdict.firing.map((f) => [f.slice.city, f.judgement.lowHistory])).toEqual([['bandung', true]]);
  });
});
