import { describe, expect, it } from 'vitest';
import { detectorSchema, type DetectorSettings } from '../../src/metrics/metric-catalog-schema.ts';
import type { JudgeSpec, PointJudgement } from '../../src/detect/judge-point.ts';
import { judgeAt, seasonsOf, type Unjudged } from '../../src/detect/judge-at.ts';
import { judgeSeries } from '../../src/detect/judge-series.ts';
import { normalQuantile } from '../../src/detect/rate-significance.ts';
import { denseLayout, type SeriesValues } from '../../src/metrics/series-layout.ts';

// Amounts on a flat level of 100 with a period of 7 buckets (a week of days): the spread is the 1 %
// floor (1.0) unless the baseline varies, so z is the value minus 100.
const PERIOD = 7;
const N = 80;
const layout = denseLayout(0, N - 1, PERIOD);

function spec(detector: Partial<DetectorSettings> = {}, kind: JudgeSpec['kind'] = 'amount'): JudgeSpec {
  const d = detectorSchema.parse({ z: 4, min_change: 0.2, min_duration: 1, recovery_buckets: 2, ...detector });
  return {
    kind,
    rateKind: 'continuous',
    scale: 1,
    bad: 'up',
    minVolume: 0,
    detector: d,
    confidenceZ: normalQuantile(d.confidence),
  };
}

function series(overrides: Record<number, number> = {}, from = 0): SeriesValues {
  const num = new Float64Array(N).fill(100);
  const den = new Float64Array(N);
  for (let g = 0; g < from; g++) num[g] = NaN;
  for (const [g, v] of Object.entries(overrides)) num[Number(g)] = v;
  return { num, den, events: null };
}

// A layout that starts at `first`: the buckets before it were never fetched (the metric is new). Its
// values are by position, so position 0 is grid index `first`.
function newMetric(first: number): typeof layout {
  return denseLayout(first, N - 1, PERIOD);
}

function verdict(v: PointJudgement | Unjudged): PointJudgement {
  if (typeof v === 'string') throw new Error(`expected a verdict, got ${v}`);
  return v;
}

describe('judgeAt: seasonal baseline', () => {
  it('compares the point with the same point 1..baseline_weeks periods earlier', () => {
    const values = series({ 41: 150, 48: 150, 55: 150, 62: 150, 69: 150 });
    const j = verdict(judgeAt(layout, values, 69, spec()));
    expect(j.expected).toBe(150);
    expect(j.anomalous).toBe(false);
    expect(j.lowHistory).toBeUndefined();
    // With two weeks of baseline, the third week back is ignored.
    const k = verdict(judgeAt(layout, series({ 48: 1000, 55: 150, 62: 150 }), 69, spec({ baseline_weeks: 2 })));
    expect(k.expected).toBe(150);
  });

  it('sums window_buckets trailing buckets into the judged point', () => {
    const j = verdict(judgeAt(layout, series(), 55, spec({ window_buckets: 3 })));
    expect(j.observed).toBe(300);
    expect(j.expected).toBe(300);
  });

  it('says why a point has no verdict', () => {
    expect(judgeAt(layout, series({ 30: NaN }, 0), 30, spec({}, 'ratio'))).toBe('no_data');
    // Two buckets of history: not enough for a week season nor for the trailing one (three points).
    expect(judgeAt(newMetric(40), series(), 42, spec())).toBe('no_history');
  });
});

describe('judgeAt: cold start', () => {
  it('judges a slice with a week of history against the trailing days, marked low history with a wider band', () => {
    const j = verdict(judgeAt(newMetric(40), series({ 7: 2000 }), 47, spec()));
    expect(j.lowHistory).toBe(true);
    expect(j.expected).toBe(100);
    expect(j.anomalous).toBe(true);
    // The band is cold_start_widen (1.5) times the seasonal one: 100 +- 4 x 1.5.
    expect(j.high).toBeCloseTo(106);
    expect(j.reason).toContain('the usual level of the points just before');
    const seasonal = verdict(judgeAt(layout, series({ 47: 2000 }), 47, spec()));
    expect(seasonal.high).toBeCloseTo(104);
  });

  it('raises a 20-fold spike on day 8 of a new daily metric', () => {
    const first = 40;
    const v = judgeSeries(newMetric(first), series({ 7: 2000 }), spec({ min_duration: 2 }), first, first + 9);
    expect(v.unjudged.noHistory).toBe(3);
    const spike = v.judgements[7]!;
    expect(spike.anomalous).toBe(true);
    expect(spike.lowHistory).toBe(true);
  });

  it('opens an episode for a 20-fold spike on day 8 of a new daily metric with the default settings', () => {
    const first = 40;
    // The defaults: z 4, min_change 20 %, min_duration 2, instant_factor 3; one spike day and back to normal.
    const d = detectorSchema.parse({});
    const v = judgeSeries(newMetric(first), series({ 7: 2000 }), { ...spec(), detector: d }, first, first + 9);
    expect(v.episodes.map((e) => [e.start, e.firedAt])).toEqual([[first + 7, first + 7]]);
    expect(v.episodes[0]!.peak.lowHistory).toBe(true);
  });

  it('orders the seasons a metric falls back through', () => {
    const d = detectorSchema.parse({});
    expect(seasonsOf(d, 168).map((s) => s.step)).toEqual([168, 24, 1]);
    expect(seasonsOf(d, 7).map((s) => s.step)).toEqual([7, 1]);
    expect(seasonsOf(detectorSchema.parse({ season: 'none', trailing_points: 50 }), 168)).toEqual([
      { step: 1, count: 50, needs: 3, usual: 'of the points just before' },
    ]);
  });

  it('min_season_points and min_trailing_points raise the points a season needs (0, the default, keeps 2 and 3)', () => {
    const d = detectorSchema.parse({ season: 'day', min_season_points: 10, min_trailing_points: 30 });
    expect(seasonsOf(d, 168).map((s) => [s.step, s.needs])).toEqual([
      [24, 10],
      [1, 30],
    ]);
    expect(seasonsOf(detectorSchema.parse({ min_season_points: 3 }), 168).map((s) => s.needs)).toEqual([3, 3, 3]);
    // Day 5 of a new metric judged with season day: four past days are too few, 30 trailing points are not.
    const fresh = spec({ season: 'day', min_season_points: 10, min_trailing_points: 30, trailing_points: 40 });
    const daily = denseLayout(0, N - 1, 7 * 24);
    expect(judgeAt(daily, series({ 60: 200 }), 60, fresh)).toMatchObject({ anomalous: true, lowHistory: true });
    expect(judgeAt(daily, series(), 20, fresh)).toBe('no_history');
  });
});

describe('judgeAt: baseline hygiene', () => {
  it('leaves excluded past points out, keeping at least half of them', () => {
    // Two of the four same-weekday points were storm days at 300: the median of all four would be 200.
    const values = series({ 41: 300, 48: 300, 55: 110, 62: 110, 69: 160 });
    const all = verdict(judgeAt(layout, values, 69, spec()));
    expect(all.expected).toBe(205);
    const clean = verdict(judgeAt(layout, values, 69, spec(), new Set([41, 48])));
    expect(clean.expected).toBe(110);
    expect(clean.anomalous).toBe(true);
    // Three of four excluded: the most recent excluded one is re-admitted so two remain.
    const floor = verdict(judgeAt(layout, values, 69, spec(), new Set([41, 48, 55])));
    expect(floor.expected).toBe(110);
  });

  it('a storm judged earlier in the range stays out of the baselines after it', () => {
    // A storm on the same weekday two weeks running (34 and 41), then a smaller one at 55.
    const values = series({ 34: 400, 41: 400, 55: 130 });
    const v = judgeSeries(layout, values, spec({ min_duration: 1 }), 30, 60);
    expect(v.judgements[34 - 30]!.anomalous).toBe(true);
    expect(v.judgements[41 - 30]!.anomalous).toBe(true);
    const later = v.judgements[55 - 30]!;
    expect(later.expected).toBe(100);
    expect(later.anomalous).toBe(true);
    // Without hygiene the two storms would be half the baseline of 55 (27, 34, 41, 48): expected 250.
  });
});
