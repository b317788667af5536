import { describe, expect, it } from 'vitest';
import { detectorSchema, type DetectorSettings } from '../../src/metrics/metric-catalog-schema.ts';
import type { JudgeSpec } from '../../src/detect/judge-point.ts';
import { judgeSeries } from '../../src/detect/judge-series.ts';
import { normalQuantile } from '../../src/detect/rate-significance.ts';
import { denseLayout, type SeriesValues } from '../../src/metrics/series-layout.ts';

// Amounts without a sampling model on a flat baseline of 100: the spread is the 1 % floor (1.0), so a
// point's z is simply its value minus 100. The period is 10 buckets; 4 periods of history precede FROM.
const PERIOD = 10;
const FROM = 40;
const N = 100;

// The instant rule is off unless a test turns it on: most tests here use spikes far beyond the band.
function spec(detector: Partial<DetectorSettings> = {}): JudgeSpec {
  const d = detectorSchema.parse({
    z: 4,
    min_change: 0.2,
    min_duration: 2,
    recovery_buckets: 3,
    instant_factor: 0,
    ...detector,
  });
  return {
    kind: 'amount',
    rateKind: 'continuous',
    scale: 1,
    bad: 'up',
    minVolume: 0,
    detector: d,
    confidenceZ: normalQuantile(d.confidence),
  };
}

function flat(overrides: Record<number, number> = {}, n = N): SeriesValues {
  const num = new Float64Array(n).fill(100);
  for (const [g, v] of Object.entries(overrides)) num[Number(g)] = v;
  return { num, den: new Float64Array(n), events: null };
}

const layout = denseLayout(0, N - 1, PERIOD);

describe('judgeSeries: minimum duration', () => {
  it('does not fire on one anomalous point when min_duration is 2', () => {
    const v = judgeSeries(layout, flat({ 50: 200 }), spec({ min_duration: 2 }), FROM, 59);
    expect(v.judgements[50 - FROM]!.anomalous).toBe(true);
    expect(v.episodes).toEqual([]);
    expect(v.firing).toBe(false);
  });

  it('fires on the second of two consecutive anomalous points', () => {
    const v = judgeSeries(layout, flat({ 50: 200, 51: 300 }), spec({ min_duration: 2 }), FROM, 59);
    expect(v.episodes).toHaveLength(1);
    const e = v.episodes[0]!;
    expect(e.start).toBe(50);
    expect(e.firedAt).toBe(51);
    expect(e.peakAt).toBe(51);
    expect(e.peak.observed).toBe(300);
    expect(e.end).toBe(52);
  });

  it('fires on a single point when min_duration is 1, and not on two points apart when it is 2', () => {
    expect(
      judgeSeries(layout, flat({ 50: 200 }), spec({ min_duration: 1 }), FROM, 59).episodes.map((e) => e.firedAt),
    ).toEqual([50]);
    expect(judgeSeries(layout, flat({ 50: 200, 52: 200 }), spec({ min_duration: 2 }), FROM, 59).episodes).toEqual([]);
  });
});

describe('judgeSeries: hysteresis', () => {
  it('recovers only after recovery_buckets healthy points in a row', () => {
    // Fires at 51; 52, 53 healthy; 54 hovers (z 15, 15 % change: neither anomalous nor healthy); 55..57 healthy.
    const values = flat({ 50: 200, 51: 200, 54: 115 });
    const v = judgeSeries(layout, values, spec({ recovery_buckets: 3 }), FROM, 59);
    expect(v.judgements[54 - FROM]!.anomalous).toBe(false);
    expect(v.judgements[54 - FROM]!.healthy).toBe(false);
    expect(v.episodes).toHaveLength(1);
    expect(v.episodes[0]!.end).toBe(55);
    // With two healthy points enough, it would have ended at 52.
    expect(judgeSeries(layout, values, spec({ recovery_buckets: 2 }), FROM, 59).episodes[0]!.end).toBe(52);
  });

  it('keeps firing when the range ends before enough healthy points', () => {
    const v = judgeSeries(layout, flat({ 50: 200, 51: 200 }), spec({ recovery_buckets: 3 }), FROM, 53);
    expect(v.firing).toBe(true);
    expect(v.episodes[0]!.end).toBeNull();
    expect(v.healthyRun).toBe(2);
  });

  it('opens one episode, not two, for a metric that dips back below the threshold briefly', () => {
    const v = judgeSeries(
      layout,
      flat({ 50: 200, 51: 200, 52: 100, 53: 200, 54: 200 }),
      spec({ recovery_buckets: 3 }),
      FROM,
      59,
    );
    expect(v.episodes).toHaveLength(1);
    expect(v.episodes[0]!.end).toBe(55);
  });

  it('opens a second episode after a recovery', () => {
    const v = judgeSeries(
      layout,
      flat({ 50: 200, 51: 200, 56: 200, 57: 200 }),
      spec({ recovery_buckets: 3 }),
      FROM,
      59,
    );
    expect(v.episodes.map((e) => [e.start, e.firedAt, e.end])).toEqual([
      [50, 51, 52],
      [56, 57, null],
    ]);
    expect(v.firing).toBe(true);
  });
});

describe('judgeSeries: CUSUM', () => {
  // A sustained shift of 3 % (z 3 each point): below the point threshold of z 4 and min_change 20 %.
  const shift: Record<number, number> = {};
  for (let g = 50; g < 60; g++) shift[g] = 103;

  it('catches a sustained small shift that the point test misses when cusum_h > 0', () => {
    const off = judgeSeries(layout, flat(shift), spec({ cusum_h: 0 }), FROM, 59);
    expect(off.judgements.some((j) => j?.anomalous)).toBe(false);
    expect(off.episodes).toEqual([]);
    // k = 1: each point adds 3 - 1 = 2; after three points the sum (6) exceeds h = 5.
    const on = judgeSeries(layout, flat(shift), spec({ cusum_h: 5, cusum_k: 1 }), FROM, 59);
    expect(on.judgements[51 - FROM]!.anomalous).toBe(false);
    expect(on.judgements[52 - FROM]!.anomalous).toBe(true);
    expect(on.judgements[52 - FROM]!.reason).toMatch(/sustained shift.*CUSUM 6\.0/);
    expect(on.episodes).toHaveLength(1);
    expect(on.episodes[0]!.start).toBe(52);
    expect(on.episodes[0]!.firedAt).toBe(53);
  });

  it('does not trip on one large spike (the step is capped at 4)', () => {
    const v = judgeSeries(layout, flat({ 50: 1000 }), spec({ cusum_h: 5, cusum_k: 1, min_duration: 2 }), FROM, 59);
    expect(v.episodes).toEqual([]);
  });

  it('does not accumulate deviations in the good direction', () => {
    const dip: Record<number, number> = {};
    for (let g = 50; g < 60; g++) dip[g] = 97;
    expect(judgeSeries(layout, flat(dip), spec({ cusum_h: 5, cusum_k: 1 }), FROM, 59).episodes).toEqual([]);
  });
});

describe('judgeSeries: no look-ahead', () => {
  // A wobbly series with incidents, and the same series with different (wild) data after index 69.
  function wobbly(n: number, tail: (g: number) => number): SeriesValues {
    const num = new Float64Array(n);
    let seed = 12345;
    for (let g = 0; g < n; g++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      num[g] =
        g > 69 ? tail(g) : 100 + (seed / 2 ** 31) * 10 + (g >= 55 && g <= 58 ? 60 : 0) + (g >= 62 && g <= 69 ? 8 : 0);
    }
    return { num, den: new Float64Array(n), events: null };
  }

  it('gives the same verdicts up to an index whatever data comes after it', () => {
    const long = denseLayout(0, 149, PERIOD);
    const a = wobbly(150, (g) => 100 + (g % 7));
    const b = wobbly(150, (g) => (g % 2 ? 5000 : 0));
    for (const s of [spec(), spec({ window_buckets: 3, cusum_h: 4, cusum_k: 0.5 })]) {
      const va = judgeSeries(long, a, s, FROM, 149);
      const vb = judgeSeries(long, b, s, FROM, 149);
      expect(vb.judgements.slice(0, 70 - FROM)).toEqual(va.judgements.slice(0, 70 - FROM));
      const before = (v: typeof va) => v.episodes.filter((e) => e.firedAt <= 69).map((e) => [e.start, e.firedAt]);
      expect(before(va).length).toBeGreaterThan(0);
      expect(before(vb)).toEqual(before(va));
      // Judging only up to 69 agrees too.
      const short = judgeSeries(long, a, s, FROM, 69);
      expect(short.judgements).toEqual(va.judgements.slice(0, 70 - FROM));
      // The later data does differ, so the comparison above is not vacuous.
      expect(vb.judgements.slice(70 - FROM)).not.toEqual(va.judgements.slice(70 - FROM));
    }
  });
});

describe('judgeSeries: earlier alerts', () => {
  it('fires at once on a point instant_factor times beyond both z and min_change, whatever min_duration', () => {
    // 150: z 50 (>= 2 x 4) and +50 % (>= 2 x 20 %).
    const v = judgeSeries(layout, flat({ 50: 150 }), spec({ min_duration: 3, instant_factor: 2 }), FROM, 59);
    expect(v.episodes.map((e) => [e.start, e.firedAt])).toEqual([[50, 50]]);
  });

  it('still waits for min_duration on a point beyond z but not twice min_change', () => {
    // 130: z 30 but +30 %, under 2 x 20 %.
    const v = judgeSeries(layout, flat({ 50: 130, 51: 130 }), spec({ min_duration: 3, instant_factor: 2 }), FROM, 59);
    expect(v.judgements[50 - FROM]!.anomalous).toBe(true);
    expect(v.episodes).toEqual([]);
  });

  it('catches a burst in its own buckets before the long window has absorbed it', () => {
    // Two buckets at 170 move a 10-bucket sum by 14 % (under min_change) but a 2-bucket sum by 70 %.
    const burst = flat({ 50: 170, 51: 170 });
    const slow = judgeSeries(layout, burst, spec({ window_buckets: 10 }), FROM, 59);
    expect(slow.episodes).toEqual([]);
    const fast = judgeSeries(layout, burst, spec({ window_buckets: 10, fast_window_buckets: 2 }), FROM, 59);
    expect(fast.episodes.map((e) => [e.start, e.firedAt])).toEqual([[50, 51]]);
    expect(fast.judgements[51 - FROM]!.reason).toMatch(/^over the last 2 buckets: /);
    // The card's figures stay those of the long window.
    expect(fast.judgements[51 - FROM]!.observed).toBe(1140);
  });

  it('lets the long window guard the volume of the short one', () => {
    const burst = flat({ 50: 170, 51: 170 });
    const thin = { ...spec({ window_buckets: 10, fast_window_buckets: 2 }), minVolume: 2000 };
    expect(judgeSeries(layout, burst, thin, FROM, 59).episodes).toEqual([]);
  });
});

describe('judgeSeries: the excess-events CUSUM', () => {
  // A count rate: 1 event per 100 units of exposure every bucket, 10-bucket windows (10 events expected).
  function rateSpec(detector: Partial<DetectorSettings> = {}, bad: JudgeSpec['bad'] = 'up'): JudgeSpec {
    const d = detectorSchema.parse({ window_buckets: 10, z: 4, min_change: 0.2, instant_factor: 0, ...detector });
    const rateKind = bad === 'down' ? 'proportion' : 'count';
    return {
      kind: 'ratio',
      rateKind,
      scale: 1,
      bad,
      minVolume: 0,
      detector: d,
      confidenceZ: normalQuantile(d.confidence),
    };
  }
  function events(perBucket: (g: number) => number, den = 100): SeriesValues {
    const num = new Float64Array(N);
    for (let g = 0; g < N; g++) num[g] = perBucket(g);
    return { num, den: new Float64Array(N).fill(den), events: null };
  }
  // From bucket 50, 4 events a bucket instead of 1: 3 extra an hour.
  const burst = events((g) => (g >= 50 ? 4 : 1));

  it('fires a burst of excess events before the window sum crosses the band', () => {
    const sum = judgeSeries(layout, burst, rateSpec(), FROM, 70);
    const sumFired = sum.episodes[0]!.firedAt;
    expect(sumFired).toBeGreaterThanOrEqual(54);
    // Each burst bucket adds 4 - 1.44 x ~1 expected events: 6 are reached in the third bucket, which fires at once.
    const cusum = judgeSeries(layout, burst, rateSpec({ excess_cusum_h: 6 }), FROM, 70);
    expect(cusum.episodes.map((e) => [e.start, e.firedAt])).toEqual([[52, 52]]);
    expect(cusum.judgements[52 - FROM]!.reason).toMatch(
      /^a burst: 9 more events than usual at this volume over the last 3 buckets/,
    );
    expect(cusum.episodes[0]!.firedAt).toBeLessThan(sumFired);
    // The long window's figures stay on the card.
    expect(cusum.judgements[52 - FROM]!.observed).toBeCloseTo(19 / 1000, 10);
  });

  it('stays quiet on the usual rate, when off, on the good side and without the long window volume', () => {
    expect(
      judgeSeries(
        layout,
        events(() => 1),
        rateSpec({ excess_cusum_h: 2 }),
        FROM,
        70,
      ).episodes,
    ).toEqual([]);
    const off = judgeSeries(layout, burst, rateSpec({ excess_cusum_h: 0 }), FROM, 70);
    expect(off.episodes[0]!.firedAt).toBeGreaterThan(52);
    const thin = { ...rateSpec({ excess_cusum_h: 6 }), minVolume: 1e6 };
    expect(judgeSeries(layout, burst, thin, FROM, 70).episodes).toEqual([]);
  });

  it('counts the failures of a proportion watched for a drop', () => {
    // 100 samples a bucket at 99 % correct, then 90 %: 9 extra failures a bucket, over 6 at the first.
    const accuracy = events((g) => (g >= 50 ? 90 : 99));
    const v = judgeSeries(layout, accuracy, rateSpec({ excess_cusum_h: 6, z: 100 }, 'down'), FROM, 70);
    expect(v.episodes.map((e) => e.firedAt)).toEqual([50]);
    expect(v.judgements[50 - FROM]!.reason).toMatch(/^a burst: 9 more events/);
  });
});
