import { describe, expect, it } from 'vitest';
import { judgeSeries, type SeriesVerdict } from '../../src/detect/judge-series.ts';
import { judgeSpecOf } from '../../src/detect/judge-spec.ts';
import { buildSeries, layoutOf } from '../../src/metrics/build-series.ts';
import {
  addNoHistorySpan,
  addSeriesCoverage,
  coverageJson,
  describeCoverage,
  emptyCoverage,
} from '../../src/watch/judging-coverage.ts';
import { ratioMetric } from '../helpers/ratio-metric.ts';

describe('judging coverage', () => {
  it('adds up series verdicts: every point of the range is judged, without data or with too little history', () => {
    const c = emptyCoverage();
    const verdict = (n: number, noData: number, noHistory: number, lowHistory: number) =>
      ({ judgements: new Array(n).fill(null), unjudged: { noData, noHistory }, lowHistory }) as SeriesVerdict;
    addSeriesCoverage(c, verdict(10, 2, 3, 1));
    addSeriesCoverage(c, verdict(10, 0, 0, 4));
    expect(c).toEqual({ judged: 15, noData: 2, noHistory: 3, lowHistory: 5 });
    expect(coverageJson(c)).toEqual({ judged: 15, unjudged: { no_data: 2, no_history: 3 }, low_history: 5 });
  });

  it('says in plain words what was not judged and why, and nothing when all was judged on full history', () => {
    expect(describeCoverage('refund_rate', { judged: 28, noData: 3, noHistory: 9, lowHistory: 3 }, 'slices')).toBe(
      'refund_rate: 12 of 40 slices not judged (9 with too little history to compare with; 3 without data); 3 judged on low history (a shorter baseline, a wider band)',
    );
    expect(describeCoverage('refund_rate', { judged: 0, noData: 0, noHistory: 1200, lowHistory: 0 }, 'slices')).toBe(
      'refund_rate: none of 1,200 slices could be judged (1,200 with too little history to compare with)',
    );
    expect(
      describeCoverage('refund_rate', { judged: 40, noData: 0, noHistory: 0, lowHistory: 0 }, 'slices'),
    ).toBeNull();
  });

  it('finds when points had too little history (backtest), and says it', () => {
    const metric = ratioMetric();
    const g = 500_000;
    // A slice whose data starts at g - 1: nothing before it, then too few past hours until g + 2.
    const rows = [];
    for (let h = g - 1; h <= g + 5; h++)
      rows.push({ bucket: new Date(h * 3_600_000), city: 'medan', numerator: 50, denominator: 1000 });
    const series = buildSeries(metric, 'hour', layoutOf([[g - 400, g + 5]], 'hour'), rows);
    const spec = judgeSpecOf(metric);
    const verdict = judgeSeries(series.layout, series.slices[0]!.values, spec, g - 3, g + 5);
    const c = emptyCoverage();
    addSeriesCoverage(c, verdict);
    addNoHistorySpan(c, verdict, g - 3, series.layout, series.slices[0]!.values, spec);
    // The hours before g - 1 have no data; from g - 1, the first few lack enough past hours.
    expect(c.noData).toBe(2);
    expect(c.noHistory).toBeGreaterThan(0);
    expect(c.noHistorySpan).toEqual({ first: g - 1, last: g - 2 + c.noHistory });
    expect(describeCoverage('failure_rate', c, 'slice-buckets', (i) => `h${i - g}`)).toContain(
      `(${c.noHistory} with too little history to compare with, from h-1 to h${c.noHistory - 2}; 2 without data)`,
    );
  });
});
