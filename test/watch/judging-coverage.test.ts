import { describe, expect, it } from 'vitest';
import type { SeriesVerdict } from '../../src/detect/judge-series.ts';
import { addSeriesCoverage, coverageJson, describeCoverage, emptyCoverage } from '../../src/watch/judging-coverage.ts';

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
      'refund_rate: 12 of 40 slices not judged (9 with too little history to compare with, 3 without data); 3 judged on low history (a shorter baseline, a wider band)',
    );
    expect(describeCoverage('refund_rate', { judged: 0, noData: 0, noHistory: 1200, lowHistory: 0 }, 'slices')).toBe(
      'refund_rate: none of 1,200 slices could be judged (1,200 with too little history to compare with)',
    );
    expect(
      describeCoverage('refund_rate', { judged: 40, noData: 0, noHistory: 0, lowHistory: 0 }, 'slices'),
    ).toBeNull();
  });
});
