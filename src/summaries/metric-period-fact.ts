// One scorecard line of the digest from a metric's daily cells: the period's value against the same
// period in the four weeks before, a week ago and the target, and a status. Pure.
//
// The status rule. A metric is
// - grey without data for the period;
// - red when an open SEV1 or SEV2 incident is on it at the period's end, or when the detector itself
//   would call the period anomalous: judgePoint with the metric's own catalog settings, the period
//   summed into one point and the same period of the four weeks before as its baseline. That is,
//   in the bad direction, at least `detector.z` robust spreads from the median (scaled MAD of the
//   four values, with the binomial/Poisson sampling noise of the period's own volume and a floor of
//   1 % of the expected value), at least `detector.min_change` relative change, at least
//   `min_volume`/`min_excess`, significant at its volume (Wilson or Poisson score interval), or
//   past a static threshold;
// - amber when an open SEV3 or SEV4 incident is on it, when it is worse than its target, or when it
//   is not "healthy" by the detector's own recovery test: in the bad direction, at least half of
//   `detector.z` spreads and half of `min_change` from the expected value;
// - green otherwise.
// A day sums 24 hourly windows, so the same thresholds are, if anything, easier to clear than for
// one judged point: a red day is one the watcher would have paged for had it been a single window.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { judgePoint, pointValue } from '../detect/judge-point.ts';
import type { WindowPoint } from '../metrics/series-layout.ts';
import { median } from '../detect/robust-stats.ts';
import { judgeSpecOf } from '../detect/judge-spec.ts';
import type { MetricFact, StatusReason } from './digest-facts-schema.ts';
import { en } from '../i18n/messages/en.ts';
import { addDays } from '../time/zone-time.ts';
import { missesTarget } from './misses-target.ts';
import { type MetricDays, usualBands } from './metric-day-values.ts';

/** How many weeks the expected value is the median of. */
export const BASELINE_WEEKS = 4;
/** Days in the small-multiples series. */
export const SERIES_DAYS = 28;

/** The first local day a period's facts read: four weeks before its first day, and before each day of the series. */
export function firstFactDay(periodDays: readonly string[]): string {
  const beforePeriod = addDays(periodDays[0]!, -7 * BASELINE_WEEKS);
  const beforeSeries = addDays(periodDays.at(-1)!, -(SERIES_DAYS - 1) - 7 * BASELINE_WEEKS);
  return beforeSeries < beforePeriod ? beforeSeries : beforePeriod;
}

/** Severities of the incidents open on the metric at the period's end. */
export type OpenSeverities = readonly number[];

/** The days summed into one point, or null when none of them has a row. */
export function sumDays(days: MetricDays, dates: readonly string[]): WindowPoint | null {
  let found = false;
  const p: WindowPoint = { num: 0, den: 0, events: 0 };
  for (const d of dates) {
    const cell = days.get(d);
    if (!cell) continue;
    found = true;
    p.num += cell.num;
    p.den += cell.den;
    p.events += cell.events;
  }
  return found ? p : null;
}

/** The scorecard fact of `metric` over `periodDays` (local dates), from cells covering the days from firstFactDay. */
export function metricPeriodFact(
  metric: CatalogMetric,
  days: MetricDays,
  periodDays: readonly string[],
  open: OpenSeverities,
  failed = false,
): MetricFact {
  const spec = judgeSpecOf(metric);
  const valueOf = (p: WindowPoint | null) => (p === null ? null : pointValue(p, spec));
  const current = sumDays(days, periodDays);
  const past = Array.from({ length: BASELINE_WEEKS }, (_, k) =>
    sumDays(
      days,
      periodDays.map((d) => addDays(d, -7 * (k + 1))),
    ),
  );
  const value = valueOf(current);
  const pastValues = past.map(valueOf).filter((v): v is number => v !== null);
  const expected = pastValues.length > 0 ? median(pastValues) : null;
  const previous = valueOf(past[0] ?? null);
  const last = periodDays.at(-1)!;
  // Each day with the usual band of its weekday (usualBands), from the same cells.
  const series = usualBands((day) => valueOf(sumDays(days, [day])), last, SERIES_DAYS, BASELINE_WEEKS);
  const judged =
    current && past.filter((p) => p !== null).length >= 2
      ? judgePoint(
          current,
          past.filter((p): p is WindowPoint => p !== null),
          spec,
        )
      : null;
  const { status, reasons } = statusOf(metric, value, open, judged, failed);
  return {
    id: metric.id,
    title: metric.title,
    unit: metric.unit,
    per: metric.kind === 'ratio' && metric.scale !== 1 ? metric.scale : null,
    bad: metric.bad,
    value,
    expected,
    target: metric.target ?? null,
    change: value !== null && expected !== null ? value - expected : null,
    changePct: value !== null && expected !== null && expected !== 0 ? value / expected - 1 : null,
    previous,
    changeVsPrevious: value !== null && previous !== null ? value - previous : null,
    status,
    statusReason: reasons.map((r) => en[`reason.${r}`]).join('; '),
    statusReasons: reasons,
    titles: { ...metric.titles },
    series,
  };
}

type Judged = ReturnType<typeof judgePoint>;

function statusOf(
  metric: CatalogMetric,
  value: number | null,
  open: OpenSeverities,
  judged: Judged,
  failed: boolean,
): { status: MetricFact['status']; reasons: StatusReason[] } {
  if (value === null) return { status: 'grey', reasons: [failed ? 'query_failed' : 'no_data'] };
  const red: StatusReason[] = [];
  const amber: StatusReason[] = [];
  if (open.some((s) => s <= 2)) red.push('open_high_severity');
  else if (open.length > 0) amber.push('open_incident');
  if (pastThreshold(metric, value)) red.push('past_threshold');
  else if (judged?.anomalous) red.push('far_worse_than_usual');
  else if (judged && judged.z > 0 && !judged.healthy) amber.push('worse_than_usual');
  if (worseThanTarget(metric, value)) amber.push('worse_than_target');
  if (red.length > 0) return { status: 'red', reasons: red };
  if (amber.length > 0) return { status: 'amber', reasons: amber };
  const usual: StatusReason = judged ? 'within_usual' : 'too_little_history';
  return { status: 'green', reasons: metric.target === undefined ? [usual] : [usual, 'on_target'] };
}

function pastThreshold(metric: CatalogMetric, value: number): boolean {
  const t = metric.thresholds;
  return (t?.above !== undefined && value > t.above) || (t?.below !== undefined && value < t.below);
}

// Compared as printed: "3% (target 3%)" is on target, whatever the third decimal says.
function worseThanTarget(metric: CatalogMetric, value: number): boolean {
  if (metric.target === undefined) return false;
  return missesTarget(value, metric.target, metric.bad, metric.unit);
}
