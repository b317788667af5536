// Judges a plain `timestamp,value` series with the production judge (`vigil detect --csv` and the NAB bench).
//
// The series is taken as a catalog `value` metric (kind amount, rate_kind continuous, bad both) at the
// grain its timestamps suggest, with the catalog's detector defaults except SERIES_DETECTOR below, and
// judged bucket by bucket with judgeSeries, each verdict from earlier buckets only (as the scheduler would).
import { bucketStart, type Grain } from '../metrics/grain.ts';
import { gridIndex, PERIOD } from '../metrics/bucket-grid.ts';
import { inferGrain } from '../metrics/infer-grain.ts';
import { metricSchema, type DetectorSettings } from '../metrics/metric-catalog-schema.ts';
import type { SeriesLayout, SeriesValues } from '../metrics/series-layout.ts';
import type { PointJudgement } from './judge-point.ts';
import { judgeSeries, type SeriesVerdict } from './judge-series.ts';
import { judgeSpecOf } from './judge-spec.ts';

/**
 * The detector settings `vigil detect` sets; everything else is the catalog default. Chosen on the
 * tuning half of NAB (bench/nab.bench.ts), reported on the held-out half too.
 */
export const SERIES_DETECTOR: Partial<DetectorSettings> = {
  // No weekly rhythm is assumed: the same time of past days once ten of them exist, before that the
  // last 300 buckets (at least 100 of them; fewer: not judged), marked low history.
  season: 'day',
  min_season_points: 10,
  trailing_points: 300,
  min_trailing_points: 100,
  cold_start_widen: 1,
  // A point must be more unusual than the worst of the 800 judged points before it, and 5 spreads out,
  // and than 0.6 of the worst of all before it, each worth half as much every 4000 points.
  novelty_points: 800,
  novelty_memory_half_life: 4000,
  novelty_memory_share: 0.6,
  z: 5,
  // Or the last 45 points together: their mean |z| (each capped at 6) beyond 2 and beyond that of any 45
  // in a row of the 4000 points before (a burst of moderate deviations).
  density_points: 45,
  density_novelty_points: 4000,
  // One anomalous point fires, whatever its relative change (a value may sit far from zero).
  min_duration: 1,
  min_change: 0,
  // A quiet period: an alert stays open until 8 healthy points in a row.
  recovery_buckets: 8,
};

/** A judged series: its grain, where the input went back in time (if it did), and one score per input row. */
export interface DetectedSeries {
  grain: Grain;
  /** 1-based data row at which the timestamps first go back in time; the rows were sorted before judging. */
  unsortedAt: number | null;
  /** Per input row (input order), in [0, 1]; see seriesScore. */
  scores: number[];
}

/**
 * Judges the series; `detector` overrides SERIES_DETECTOR's settings (the bench's tuning uses it). The
 * spread is never narrower than the data's resolution (dataResolution), unless `detector` sets one.
 */
export function detectSeries(
  timestamps: readonly number[],
  values: readonly number[],
  detector: Partial<DetectorSettings> = SERIES_DETECTOR,
): DetectedSeries {
  const n = timestamps.length;
  let unsortedAt: number | null = null;
  for (let i = 1; i < n && unsortedAt === null; i++) if (timestamps[i]! < timestamps[i - 1]!) unsortedAt = i + 1;
  const order = Array.from({ length: n }, (_, i) => i);
  if (unsortedAt !== null) order.sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
  const grain = inferGrain(order.map((i) => timestamps[i]!));
  const scores = new Array<number>(n).fill(0);
  if (n === 0) return { grain, unsortedAt, scores };
  const grid = order.map((i) => gridIndex(bucketStart(timestamps[i]!, grain, 'UTC'), grain));
  const first = grid[0]!;
  const last = grid[n - 1]!;
  const { layout, values: series } = bucketSeries(grid, order, values, first, last, PERIOD[grain]);
  const metric = metricSchema.parse({
    id: 'series',
    title: 'Series',
    description: 'A timestamp,value series from a CSV file.',
    kind: 'amount',
    rate_kind: 'continuous',
    grain,
    bad: 'both',
    sql: 'not queried: the values come from the file',
    detector: { resolution: dataResolution(values), ...detector },
  });
  const spec = judgeSpecOf(metric);
  const verdict = judgeSeries(layout, series, spec, first, last);
  const bucketScores = seriesScore(verdict, first, spec.detector.z);
  // A bucket is judged once it is complete, so its score goes to its last row; earlier rows of the same bucket get 0.
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && grid[k + 1] === grid[k]) continue;
    scores[order[k]!] = bucketScores[grid[k]! - first]!;
  }
  return { grain, unsortedAt, scores };
}

// One value per bucket: the mean of its rows (a value metric's bucket has one value); buckets without rows are missing.
function bucketSeries(
  grid: readonly number[],
  order: readonly number[],
  values: readonly number[],
  first: number,
  last: number,
  period: number,
): { layout: SeriesLayout; values: SeriesValues } {
  const size = last - first + 1;
  const posOf = new Int32Array(size).fill(-1);
  const num = new Float64Array(size);
  const rows = new Float64Array(size);
  for (let k = 0; k < grid.length; k++) {
    const i = grid[k]! - first;
    posOf[i] = i;
    num[i]! += values[order[k]!]!;
    rows[i]! += 1;
  }
  for (let i = 0; i < size; i++) if (rows[i]! > 1) num[i]! /= rows[i]!;
  return { layout: { first, posOf, period }, values: { num, den: new Float64Array(size), events: null } };
}

/**
 * The anomaly score of each judged bucket, from the judge's verdicts. A point's strength is
 * z / (z + threshold): 0.5 at the judge's z threshold, and unlike the verdict's own score it does not
 * round to 1 for the huge z of a flat baseline, so strong points still rank. Where an episode fires
 * (the judge would raise an alert) the score is 0.5 + half the strength, in [0.5, 1]: every alert
 * outranks every point that raised none. Elsewhere it is half the strength, below 0.25 until the
 * threshold, so a lower cut on the score reads as "a more sensitive judge". Points of an episode
 * after it fired score 0 (the alert is open; nobody is paged again), and so do unjudged points.
 */
export function seriesScore(verdict: SeriesVerdict, from: number, threshold: number): number[] {
  const strength = (j: PointJudgement | null) => (j ? Math.max(j.z, 0) / (Math.max(j.z, 0) + threshold) : 0);
  const out = verdict.judgements.map((j) => strength(j) / 2);
  for (const e of verdict.episodes) {
    const end = e.end === null ? out.length : e.end - from;
    for (let i = e.firedAt - from + 1; i < end; i++) out[i] = 0;
    out[e.firedAt - from] = 0.5 + strength(verdict.judgements[e.firedAt - from]!) / 2;
  }
  return out;
}

/** The smallest step between two distinct values of the series (0 when all are equal): its unit of measurement. */
export function dataResolution(values: readonly number[]): number {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i]! - sorted[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  return Number.isFinite(step) ? step : 0;
}
