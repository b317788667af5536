// The default univariate detector: spikes score high, normal data low, no look-ahead, scores in [0, 1].
import { describe, expect, it } from 'vitest';
import { scoreSeries } from '../../../src/detect/univariate/score-series.ts';
import { dailyPeriod } from '../../../src/detect/univariate/daily-period.ts';
import { RollingMax } from '../../../src/detect/univariate/rolling-max.ts';
import { RollingQuantiles } from '../../../src/detect/univariate/rolling-quantiles.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const hours = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * HOUR);
// A deterministic pseudo-random stream, so the tests do not flake.
function noise(n: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
}
// Hourly data with a daily cycle and noise.
const daily = (n: number) => noise(n).map((e, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 24) + 2 * e);

describe('univariate detector', () => {
  it('scores a spike far above the normal rows around it', () => {
    const values = daily(1000);
    values[800] = values[800]! + 60;
    const scores = scoreSeries(hours(1000), values);
    expect(scores[800]).toBeGreaterThan(0.6);
    // The first few hundred rows are learning (NAB does not score its first 15% either).
    expect(Math.max(...scores.slice(600, 790))).toBeLessThan(0.48);
  });

  it('keeps a flat series and a normal seasonal series below the alarm level', () => {
    expect(Math.max(...scoreSeries(hours(1000), Array(1000).fill(5)))).toBe(0);
    expect(Math.max(...scoreSeries(hours(1000), daily(1000)).slice(600))).toBeLessThan(0.48);
  });

  it('flags a burst of moderate spikes that no single point would', () => {
    const values = noise(1200).map((e) => 10 + e);
    for (let i = 0; i < 1200; i += 97) values[i] = values[i]! + 4;
    for (let i = 1000; i < 1060; i += 3) values[i] = values[i]! + 4;
    const scores = scoreSeries(hours(1200), values);
    expect(Math.max(...scores.slice(1000, 1060))).toBeGreaterThan(0.48);
  });

  it('never looks ahead: appending rows leaves every earlier score unchanged', () => {
    const values = daily(900);
    values[700] = values[700]! - 50;
    const ts = hours(900);
    const early = scoreSeries(ts.slice(0, 600), values.slice(0, 600));
    const all = scoreSeries(ts, values);
    expect(all.slice(0, 600)).toEqual(early);
  });

  it('keeps every score in [0, 1], even on extreme and negative values', () => {
    const values = noise(800).map((e, i) => (i % 101 === 0 ? -1e12 : i % 53 === 0 ? 1e12 : e));
    for (const s of scoreSeries(hours(800), values)) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('alarms once per event: the rows after a detection are damped', () => {
    const values = daily(1000);
    for (let i = 800; i < 820; i++) values[i] = values[i]! + 80;
    const scores = scoreSeries(hours(1000), values);
    const alarms = scores.slice(600).filter((s) => s >= 0.48).length;
    expect(alarms).toBe(1);
  });
});

describe('detector building blocks', () => {
  it('finds the daily period from regular timestamps only', () => {
    expect(dailyPeriod(hours(50))).toBe(24);
    expect(dailyPeriod(Array.from({ length: 50 }, (_, i) => i * 7 * 60_000))).toBe(0);
  });

  it('rolling max and quantiles forget values that left the window', () => {
    const max = new RollingMax(3);
    const q = new RollingQuantiles(3);
    for (const v of [9, 1, 2, 3]) {
      max.push(v);
      q.push(v);
    }
    expect(max.max()).toBe(3);
    expect(q.quantile(0.5)).toBe(2);
    expect(q.quantile(1)).toBe(3);
  });
});
