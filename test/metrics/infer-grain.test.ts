// The grain of a bare series: the nearest grain to its median spacing, finer on a tie.
import { describe, expect, it } from 'vitest';
import { inferGrain } from '../../src/metrics/infer-grain.ts';

const MIN = 60_000;
const every = (ms: number, n = 50) => Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * ms);

describe('inferGrain', () => {
  it('takes the grain nearest to the median spacing', () => {
    expect(inferGrain(every(MIN))).toBe('1m');
    expect(inferGrain(every(5 * MIN))).toBe('5m');
    expect(inferGrain(every(4 * MIN))).toBe('5m');
    expect(inferGrain(every(60 * MIN))).toBe('hour');
    expect(inferGrain(every(24 * 60 * MIN))).toBe('day');
  });

  it('is not moved by a few gaps, and picks the finer grain on a tie (30 minutes: 15m)', () => {
    const gappy = every(5 * MIN).filter((_, i) => i % 10 !== 3);
    expect(inferGrain(gappy)).toBe('5m');
    expect(inferGrain(every(30 * MIN))).toBe('15m');
  });

  it('says hour for fewer than two distinct timestamps', () => {
    expect(inferGrain([])).toBe('hour');
    expect(inferGrain([5, 5])).toBe('hour');
  });
});
