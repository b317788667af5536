import { describe, expect, it } from 'vitest';
import {
  denseLayout,
  positionOf,
  windowPoint,
  type SeriesLayout,
  type SeriesValues,
} from '../../src/metrics/series-layout.ts';

// Grid indexes 100..105 with 102 not fetched.
const gappy: SeriesLayout = { first: 100, posOf: Int32Array.from([0, 1, -1, 2, 3, 4]), period: 168 };
const values: SeriesValues = {
  num: Float64Array.from([1, 2, 3, 4, 5]),
  den: Float64Array.from([10, 20, 30, 40, 50]),
  events: Float64Array.from([1, 1, 2, 2, 3]),
};

describe('series layout', () => {
  it('maps grid indexes to positions, -1 outside the layout or in a gap', () => {
    expect(positionOf(gappy, 100)).toBe(0);
    expect(positionOf(gappy, 103)).toBe(2);
    expect(positionOf(gappy, 102)).toBe(-1);
    expect(positionOf(gappy, 99)).toBe(-1);
    expect(positionOf(gappy, 106)).toBe(-1);
  });

  it('sums numerators, denominators and events over a trailing window', () => {
    expect(windowPoint(gappy, values, 105, 3)).toEqual({ num: 12, den: 120, events: 7 });
    expect(windowPoint(gappy, values, 101, 1)).toEqual({ num: 2, den: 20, events: 1 });
    expect(windowPoint(gappy, { ...values, events: null }, 105, 2)).toEqual({ num: 9, den: 90, events: 0 });
  });

  it('gives no point when any bucket of the window was not fetched', () => {
    expect(windowPoint(gappy, values, 103, 2)).toBeNull();
    expect(windowPoint(gappy, values, 101, 3)).toBeNull();
    expect(windowPoint(gappy, values, 106, 1)).toBeNull();
  });

  it('builds a dense layout covering first..last', () => {
    const d = denseLayout(10, 14, 7);
    expect(d.first).toBe(10);
    expect(d.period).toBe(7);
    expect([...d.posOf]).toEqual([0, 1, 2, 3, 4]);
    expect(positionOf(d, 14)).toBe(4);
    expect(positionOf(d, 15)).toBe(-1);
  });
});
