import { describe, expect, it } from 'vitest';
import { median, scaledMad } from '../../src/detect/robust-stats.ts';

describe('median', () => {
  it('agrees with a full sort on long baselines (hundreds of values, ties and NaN among them), leaving them unmodified', () => {
    for (const n of [33, 100, 301, 1000]) {
      const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 23) - (i % 5 === 0 ? 0.5 : 0));
      values[3] = NaN;
      const copy = [...values];
      const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
      const m = sorted.length;
      const want = m % 2 ? sorted[m >> 1]! : (sorted[(m >> 1) - 1]! + sorted[m >> 1]!) / 2;
      expect(median(values)).toBe(want);
      expect(values).toEqual(copy);
    }
  });

  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('sorts numerically, not as text', () => {
    expect(median([10, 9, 100])).toBe(10);
    expect(median([-5, -20, 3])).toBe(-5);
  });

  it('ignores NaN and infinities, and is NaN with no finite values', () => {
    expect(median([1, NaN, 3, Infinity, -Infinity])).toBe(2);
    expect(median([])).toBeNaN();
    expect(median([NaN])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is not moved by one past incident among the values, unlike the mean', () => {
    expect(median([20, 21, 19, 500])).toBe(20.5);
  });
});

describe('scaledMad', () => {
  it('is 1.4826 times the median absolute deviation from the median', () => {
    // median 3; deviations 2, 1, 0, 1, 97 -> median 1
    expect(scaledMad([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
    // median 2.5; deviations 1.5, 0.5, 0.5, 1.5 -> median 1
    expect(scaledMad([1, 2, 3, 4])).toBeCloseTo(1.4826, 10);
  });

  it('is zero for constant values and for a single outlier among equal ones', () => {
    expect(scaledMad([5, 5, 5, 5])).toBe(0);
    expect(scaledMad([5, 5, 5, 500])).toBe(0);
  });

  it('measures deviations from the centre it is given', () => {
    // deviations from 0: 1, 2, 3 -> median 2
    expect(scaledMad([1, 2, 3], 3, 0)).toBeCloseTo(2 * 1.4826, 10);
  });

  it('estimates the standard deviation of normal data', () => {
    // The quantiles of a standard normal at (i - 0.5) / n have a MAD of ~0.6745, so the scaled MAD is ~1.
    const n = 2001;
    const qs: number[] = [];
    for (let i = 1; i <= n; i++) qs.push(inverseNormal((i - 0.5) / n));
    expect(scaledMad(qs)).toBeCloseTo(1, 2);
  });
});

// Bisection on erf-free normal CDF (Abramowitz-Stegun 26.2.17) is enough for a test fixture.
function inverseNormal(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - tail : tail;
}
