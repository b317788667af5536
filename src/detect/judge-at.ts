// Which past points a point is judged against, and the verdict against them.
//
// Reasoning. The expected value of a point is the median of the same point in past seasons: the same
// hour of past weeks (`season: week`, the default), of past days (`day`) or the windows just before it
// (`none`, for a value without a rhythm). A slice too new for its season (fewer than two same-hour
// points of past weeks) is judged against the next shorter season with a wider band and marked "low
// history", so a metric added on Monday can alert on Tuesday. Past points that were anomalous, or lay
// inside an incident, are left out of the baseline (a storm is not a usual Friday), but at least half
// of the points found are kept, the most recent first, so a lasting change of level becomes the new
// usual instead of alerting for ever.
import {
  addToBaseline,
  emptyBaseline,
  judgeAgainst,
  pointValue,
  type Baseline,
  type JudgeSpec,
  type PointJudgement,
} from './judge-point.ts';
import { windowPointInto, type SeriesLayout, type SeriesValues, type WindowPoint } from '../metrics/series-layout.ts';
import type { DetectorSettings } from '../metrics/metric-catalog-schema.ts';

/** Why a point has no verdict: no value at it, or too few past points to compare it with. */
export type Unjudged = 'no_data' | 'no_history';

/** A season of a metric: how far apart its baseline points are, and how many it takes. */
interface Season {
  step: number;
  count: number;
  /** The fewest points it needs to judge. */
  needs: number;
  /** What its expected value is, in a verdict's reason ("the usual level <usual>"). */
  usual: string;
}

/** The seasons a metric's points are judged against, first choice first (later ones are low history). */
export function seasonsOf(d: DetectorSettings, period: number): Season[] {
  const day = Math.max(1, Math.round(period / 7));
  const week: Season = {
    step: period,
    count: d.baseline_weeks,
    needs: Math.max(2, d.min_season_points),
    usual: 'for this time of week',
  };
  const daily: Season = {
    step: Math.max(day, d.window_buckets),
    count: d.trailing_points,
    needs: Math.max(3, d.min_season_points),
    usual: 'for this time of day',
  };
  const trailing: Season = {
    step: d.window_buckets,
    count: d.trailing_points,
    needs: Math.max(3, d.min_trailing_points),
    usual: 'of the points just before',
  };
  if (d.season === 'none') return [trailing];
  if (d.season === 'day') return daily.step === trailing.step ? [daily] : [daily, trailing];
  // A daily grain's "day" season is the trailing one.
  return daily.step === trailing.step ? [week, trailing] : [week, daily, trailing];
}

// judgeAt runs millions of times per evaluation: the seasons of a metric's settings are worked out once.
const seasonCache = new WeakMap<DetectorSettings, Map<number, Season[]>>();
function cachedSeasons(d: DetectorSettings, period: number): Season[] {
  let byPeriod = seasonCache.get(d);
  if (!byPeriod) seasonCache.set(d, (byPeriod = new Map()));
  let seasons = byPeriod.get(period);
  if (!seasons) byPeriod.set(period, (seasons = seasonsOf(d, period)));
  return seasons;
}

/** How many buckets before a point its baseline can reach back. */
export function baselineReach(d: DetectorSettings, period: number): number {
  return Math.max(...seasonsOf(d, period).map((s) => s.step * s.count)) + d.window_buckets;
}

// Scratch space reused by every judgeAt call: judging allocates only the verdict it returns.
let baseline: Baseline = emptyBaseline(64);
const current: WindowPoint = { num: 0, den: 0, events: 0 };
const lag: WindowPoint = { num: 0, den: 0, events: 0 };
let lagIndex = new Int32Array(64);
let lagNum = new Float64Array(64);
let lagDen = new Float64Array(64);
let lagEvents = new Float64Array(64);

/** The verdict on the point at grid index g, or why there is none; `excluded` holds grid indexes kept out of baselines. */
export function judgeAt(
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  spec: JudgeSpec,
  excluded?: ReadonlySet<number>,
): PointJudgement | Unjudged {
  const d = spec.detector;
  const w = d.window_buckets;
  if (!windowPointInto(layout, values, g, w, current) || pointValue(current, spec) === null) return 'no_data';
  const seasons = cachedSeasons(d, layout.period);
  for (let s = 0; s < seasons.length; s++) {
    if (!fillBaseline(layout, values, g, seasons[s]!, spec, excluded)) continue;
    const j = judgeAgainst(current, baseline, spec, s === 0 ? 1 : d.cold_start_widen, seasons[s]!.usual);
    if (!j) continue;
    if (s > 0) j.lowHistory = true;
    return j;
  }
  return 'no_history';
}

// Fills `baseline` from the season's past points, leaving out excluded ones down to half of those found.
function fillBaseline(
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  season: Season,
  spec: JudgeSpec,
  excluded: ReadonlySet<number> | undefined,
): boolean {
  if (lagIndex.length < season.count) grow(season.count);
  let found = 0;
  let kept = 0;
  for (let k = 1; k <= season.count; k++) {
    const at = g - k * season.step;
    if (!windowPointInto(layout, values, at, spec.detector.window_buckets, lag)) continue;
    const out = excluded?.has(at) ?? false;
    lagIndex[found] = out ? -1 : at;
    lagNum[found] = lag.num;
    lagDen[found] = lag.den;
    lagEvents[found] = lag.events;
    found++;
    if (!out) kept++;
  }
  if (found < season.needs) return false;
  // Re-admit the most recent excluded points until half of those found (and at least `needs`) are in.
  const floor = Math.max(season.needs, Math.ceil(found / 2));
  for (let i = 0; i < found && kept < floor; i++) {
    if (lagIndex[i] === -1) {
      lagIndex[i] = 0;
      kept++;
    }
  }
  reset(baseline);
  for (let i = 0; i < found; i++) {
    if (lagIndex[i] === -1) continue;
    lag.num = lagNum[i]!;
    lag.den = lagDen[i]!;
    lag.events = lagEvents[i]!;
    addToBaseline(baseline, lag, spec);
  }
  return true;
}

function reset(b: Baseline): void {
  b.n = 0;
  b.num = 0;
  b.den = 0;
  b.events = 0;
  b.count = 0;
}

function grow(n: number): void {
  lagIndex = new Int32Array(n);
  lagNum = new Float64Array(n);
  lagDen = new Float64Array(n);
  lagEvents = new Float64Array(n);
  baseline = emptyBaseline(n);
}

/** A bucket's bad events and how many its baseline's rate expects at the bucket's volume. */
export interface BucketEvents {
  observed: number;
  expected: number;
}

/**
 * The bad events of bucket g alone (refunds, fake reviews, QA errors; the count itself for a count amount)
 * and how many the pooled rate of g's baseline (the long windows of the season judgeAt uses) expects at the
 * bucket's own volume, into `out`; false when the metric has no event model (an amount ratio without an
 * events column, a count watched for a drop) or g cannot be judged.
 */
export function bucketEventsAt(
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  spec: JudgeSpec,
  excluded: ReadonlySet<number> | undefined,
  out: BucketEvents,
): boolean {
  const up = spec.bad === 'up';
  if (spec.bad === 'both' || (!up && spec.rateKind !== 'proportion')) return false;
  if (!windowPointInto(layout, values, g, 1, current)) return false;
  const seasons = cachedSeasons(spec.detector, layout.period);
  let filled = false;
  for (let s = 0; s < seasons.length && !filled; s++)
    filled = fillBaseline(layout, values, g, seasons[s]!, spec, excluded);
  if (!filled || baseline.count === 0) return false;
  const b = baseline;
  if (spec.kind === 'amount') {
    if (spec.rateKind !== 'count') return false;
    out.observed = current.num;
    out.expected = (b.num + 0.5) / (b.count * spec.detector.window_buckets);
    return true;
  }
  if (b.den <= 0) return false;
  if (spec.rateKind === 'continuous') {
    // Events of an amount ratio (refunds) need not follow its denominator hour by hour (refunds come days
    // after the payments): the usual count per bucket, the larger of the long windows' average and the
    // same bucket of past seasons'.
    if (b.events <= 0) return false;
    const perBucket = b.events / (b.count * spec.detector.window_buckets);
    const prior = 0.5 / b.count;
    const unit = unitSpec(spec);
    let same = 0;
    for (const season of cachedSeasons(unit.detector, layout.period)) {
      if (!fillBaseline(layout, values, g, season, unit, excluded)) continue;
      same = baseline.count > 0 ? baseline.events / baseline.count : 0;
      break;
    }
    out.observed = current.events;
    out.expected = Math.max(perBucket, same) + prior;
    return true;
  }
  if (spec.rateKind === 'count') {
    out.observed = current.num;
    out.expected = ((b.num + 0.5) / b.den) * current.den;
    return true;
  }
  // A proportion: the bucket's trials (samples behind weighted values) at its observed and usual bad share.
  const n = current.events > 0 ? current.events : current.den;
  const q = current.den > 0 ? current.num / current.den : 0;
  const p = Math.min(1, Math.max(0, b.num / b.den));
  const prior = 0.5 / Math.max(b.den, 1);
  out.observed = n * (up ? q : 1 - q);
  out.expected = n * ((up ? p : 1 - p) + prior);
  return true;
}

// The spec judging one bucket at a time, for the same seasons' single buckets.
const unitSpecs = new WeakMap<JudgeSpec, JudgeSpec>();
function unitSpec(spec: JudgeSpec): JudgeSpec {
  let unit = unitSpecs.get(spec);
  if (!unit) unitSpecs.set(spec, (unit = { ...spec, detector: { ...spec.detector, window_buckets: 1 } }));
  return unit;
}
