import { describe, expect, it } from 'vitest';
import { normalQuantile, poissonRateInterval, wilsonInterval } from '../../src/detect/rate-significance.ts';

describe('normalQuantile', () => {
  it('gives the two-sided normal quantiles of common confidence levels', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.999)).toBeCloseTo(3.290527, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0.67449, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.999999)).toBeCloseTo(4.891638, 4);
  });

  it('is continuous where the approximation switches from the central to the tail formula', () => {
    // The switch is at p = 1 - 0.02425 one-sided, i.e. confidence 0.9515.
    const below = normalQuantile(0.9515 - 1e-9);
    const above = normalQuantile(0.9515 + 1e-9);
    expect(Math.abs(above - below)).toBeLessThan(1e-6);
    expect(below).toBeCloseTo(1.973, 3);
  });

  it('grows with the confidence', () => {
    let last = 0;
    for (const c of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.96, 0.99, 0.999, 0.9999]) {
      const z = normalQuantile(c);
      expect(z).toBeGreaterThan(last);
      last = z;
    }
  });
});

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // 0 of 10 at 95 %: [0, 0.2775]
    const none = wilsonInterval(0, 10, 1.96);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    // 10 of 10 mirrors it
    const all = wilsonInterval(10, 10, 1.96);
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBe(1);
    // 5 of 10: [0.2366, 0.7634]
    const half = wilsonInterval(5, 10, 1.96);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    // 20 of 1000 at z 3.29 (worked by hand): centre 0.02514, half-width 0.01537, so skewed upwards of 0.02
    const big = wilsonInterval(20, 1000, 3.29);
    expect(big.low).toBeCloseTo(0.00977, 4);
    expect(big.high).toBeCloseTo(0.04051, 4);
  });

  it('contains the observed proportion and stays inside [0, 1]', () => {
    for (const [k, n] of [
      [0, 1],
      [1, 1],
      [1, 3],
      [2, 3],
      [0, 1000],
      [999, 1000],
      [3, 7],
    ] as const) {
      for (const z of [1, 1.96, 3.29, 6]) {
        const { low, high } = wilsonInterval(k, n, z);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(high).toBeGreaterThanOrEqual(k / n - 1e-12);
      }
    }
  });

  it('narrows as the number of trials grows at the same proportion', () => {
    const width = (k: number, n: number) => {
      const w = wilsonInterval(k, n, 1.96);
      return w.high - w.low;
    };
    expect(width(1, 3)).toBeGreaterThan(width(10, 30));
    expect(width(10, 30)).toBeGreaterThan(width(1000, 3000));
    expect(width(1000, 3000)).toBeLessThan(0.04);
  });

  it('is the whole of [0, 1] with no trials and clamps more successes than trials', () => {
    expect(wilsonInterval(0, 0, 1.96)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(12, 10, 1.96)).toEqual(wilsonInterval(10, 10, 1.96));
  });
});

describe('poissonRateInterval', () => {
  it('solves (k - mu)^2 = z^2 mu for both ends', () => {
    const z = 1.96;
    for (const k of [0, 1, 5, 100]) {
      const { low, high } = poissonRateInterval(k, 1, z);
      expect((k - high) ** 2).toBeCloseTo(z * z * high, 8);
      if (low > 0) expect((k - low) ** 2).toBeCloseTo(z * z * low, 8);
    }
  });

  it('gives known values and divides by the exposure', () => {
    // 0 events: [0, z^2]
    const zero = poissonRateInterval(0, 1, 1.96);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(1.96 ** 2, 10);
    // 100 events in 10 units: about 10 per unit, [8.22, 12.16]
    const r = poissonRateInterval(100, 10, 1.96);
    expect(r.low).toBeCloseTo(8.2227, 3);
    expect(r.high).toBeCloseTo(12.1615, 3);
    const perThousand = poissonRateInterval(100, 10_000, 1.96);
    expect(perThousand.low).toBeCloseTo(r.low / 1000, 8);
  });

  it('is relatively narrower for more events', () => {
    const rel = (k: number) => {
      const { low, high } = poissonRateInterval(k, 1, 1.96);
      return (high - low) / k;
    };
    expect(rel(4)).toBeGreaterThan(rel(40));
    expect(rel(40)).toBeGreaterThan(rel(4000));
  });

  it('is unbounded with no exposure and treats negative counts as none', () => {
    expect(poissonRateInterval(3, 0, 1.96)).toEqual({ low: 0, high: Infinity });
    expect(poissonRateInterval(-2, 1, 1.96)).toEqual(poissonRateInterval(0, 1, 1.96));
  });
});
