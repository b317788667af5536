// NAB scoring on hand-made files whose scores are worked out by hand below.
import { describe, expect, it } from 'vitest';
import { NAB_PROFILES, probationLength } from '../../../bench/nab/nab-profiles.ts';
import { scaledSigmoid } from '../../../bench/nab/scaled-sigmoid.ts';
import { scoreCorpus } from '../../../bench/nab/score-corpus.ts';
import { mergeSwept, scoreByThreshold, scoreFileAt } from '../../../bench/nab/sweep-thresholds.ts';
import { sweepFile } from '../../../bench/nab/sweep-file.ts';

// 20 rows at t = 0..19 ms: probation floor(0.15 * 20) = 3 rows; one window over rows 10..14 (width 5).
const N = 20;
const T = Array.from({ length: N }, (_, i) => i);
const WINDOW = [{ start: 10, end: 14 }];
const standard = NAB_PROFILES.standard;
// 2/(1+e^(5y)) - 1 = tanh(-5y/2); the left edge (y = -1) is worth tanh(2.5).
const MAX_TP = Math.tanh(2.5);

function scoresAt(...rows: number[]): number[] {
  return T.map((i) => (rows.includes(i) ? 1 : 0));
}

function standardAt(scores: number[], threshold = 1): number {
  return scoreFileAt(sweepFile(T, scores, WINDOW), standard, threshold);
}

describe('NAB scoring rules', () => {
  it('scaled sigmoid: 0.9866 at a left edge, 0 at the right edge, -1 from 3 window-lengths past it', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('probation is 15% of the rows, at most 750', () => {
    expect(probationLength(20)).toBe(3);
    expect(probationLength(4032)).toBe(604);
    expect(probationLength(22695)).toBe(750);
  });

  it('a detection at the left edge of a window is worth exactly A_TP', () => {
    expect(standardAt(scoresAt(10))).toBeCloseTo(1, 12);
  });

  it('only the earliest detection in a window counts', () => {
    expect(standardAt(scoresAt(10, 11, 12, 13, 14))).toBeCloseTo(1, 12);
    // Row 12: y = -(14 - 12 + 1) / 5 = -0.6, worth tanh(1.5) / tanh(2.5) = 0.90515 / 0.98661 = 0.91743.
    expect(standardAt(scoresAt(12, 13))).toBeCloseTo(Math.tanh(1.5) / MAX_TP, 12);
    expect(Math.tanh(1.5) / MAX_TP).toBeCloseTo(0.91743, 5);
  });

  it('a missed window costs A_FN', () => {
    expect(standardAt(scoresAt())).toBe(-1);
    expect(scoreFileAt(sweepFile(T, scoresAt(), WINDOW), NAB_PROFILES.reward_low_FN_rate, 1)).toBe(-2);
  });

  it('a false positive before any window costs A_FP in full', () => {
    // Row 5: the window is missed (-1) and the false positive costs 0.11.
    expect(standardAt(scoresAt(5))).toBeCloseTo(-1.11, 12);
    expect(scoreFileAt(sweepFile(T, scoresAt(5), WINDOW), NAB_PROFILES.reward_low_FP_rate, 1)).toBeCloseTo(-1.22, 12);
  });

  it('a false positive soon after a window costs less than one far from it', () => {
    // Row 16: |14 - 16| / (5 - 1) = 0.5 past the window, tanh(-1.25) = -0.84828, times 0.11.
    expect(standardAt(scoresAt(10, 16))).toBeCloseTo(1 + 0.11 * Math.tanh(-1.25), 12);
    // Row 19: 5 / 4 = 1.25 past it, tanh(-3.125) = -0.99614.
    expect(standardAt(scoresAt(10, 19))).toBeCloseTo(1 + 0.11 * Math.tanh(-3.125), 12);
  });

  it('detections during probation count for nothing', () => {
    expect(standardAt(scoresAt(0, 1, 2))).toBe(-1);
    // Row 3 is the first scored row: a false positive.
    expect(standardAt(scoresAt(3))).toBeCloseTo(-1.11, 12);
  });

  it('a window inside the probation is neither a hit nor a miss', () => {
    const swept = sweepFile(T, scoresAt(), [{ start: 0, end: 2 }]);
    expect(swept.windowCount).toBe(0);
    expect(scoreFileAt(swept, standard, 1)).toBe(0);
  });

  it('sweeps thresholds from 1.1 down through every distinct score', () => {
    // Row 10 scores 0.9 (left edge), row 5 scores 0.95 (false positive), the rest 0.
    const scores = T.map((i) => (i === 10 ? 0.9 : i === 5 ? 0.95 : 0));
    const rows = scoreByThreshold(mergeSwept([sweepFile(T, scores, WINDOW)]), standard);
    expect(rows.map((r) => r.threshold)).toEqual([1.1, 0.95, 0.9, 0]);
    expect(rows[0]!.score).toBe(-1);
    expect(rows[1]!.score).toBeCloseTo(-1.11, 12);
    expect(rows[2]!.score).toBeCloseTo(0.89, 12);
  });

  it('optimises one threshold over the whole corpus and normalises between the null and perfect detectors', () => {
    // File a: hit at the left edge scored 0.8, a false positive at 0.7. File b: its window is hit late (row 14, y = -0.2) at 0.6.
    const a = { name: 'a', timestamps: T, windows: WINDOW, scores: T.map((i) => (i === 10 ? 0.8 : i === 5 ? 0.7 : 0)) };
    const b = { name: 'b', timestamps: T, windows: WINDOW, scores: T.map((i) => (i === 14 ? 0.6 : 0)) };
    const late = Math.tanh(0.5) / MAX_TP;
    // At 0.8: 1 - 1 = 0. At 0.7: 0 - 0.11 = -0.11. At 0.6: 1 - 0.11 + late = 1.3487: the best.
    const result = scoreCorpus([a, b], { standard }).standard!;
    expect(result.threshold).toBe(0.6);
    expect(result.raw).toBeCloseTo(0.89 + late, 12);
    expect(result.nullRaw).toBe(-2);
    expect(result.perfectRaw).toBe(2);
    expect(result.normalised).toBeCloseTo((100 * (0.89 + late + 2)) / 4, 10);
  });
});
