// How much of a metric could be judged: the slices (check) or slice-buckets (backtest) with a verdict, those
// without one and why, and those judged on low history. Pure.
import type { SeriesVerdict } from '../detect/judge-series.ts';
import { judgeAt } from '../detect/judge-at.ts';
import type { JudgeSpec } from '../detect/judge-point.ts';
import type { SeriesLayout, SeriesValues } from '../metrics/series-layout.ts';

/** Counts of a metric's points: judged, not judged (no value, or too little history), judged on low history. */
export interface JudgingCoverage {
  judged: number;
  noData: number;
  noHistory: number;
  /** Judged points whose baseline was a shorter season than the metric's own (a new slice), with a wider band. */
  lowHistory: number;
  /** Backtest: the first and last grid index judged to have too little history, over all slices. */
  noHistorySpan?: { first: number; last: number };
}

/** Nothing counted yet. */
export function emptyCoverage(): JudgingCoverage {
  return { judged: 0, noData: 0, noHistory: 0, lowHistory: 0 };
}

/** Adds a series verdict's points (every point of its range) to `c`. */
export function addSeriesCoverage(c: JudgingCoverage, v: SeriesVerdict): void {
  c.noData += v.unjudged.noData;
  c.noHistory += v.unjudged.noHistory;
  c.lowHistory += v.lowHistory;
  c.judged += v.judgements.length - v.unjudged.noData - v.unjudged.noHistory;
}

/** Widens `c.noHistorySpan` to the points of `v` (judged from grid index `from`) that had too little history. */
export function addNoHistorySpan(
  c: JudgingCoverage,
  v: SeriesVerdict,
  from: number,
  layout: SeriesLayout,
  values: SeriesValues,
  spec: JudgeSpec,
): void {
  if (v.unjudged.noHistory === 0) return;
  // The series verdict counts why points went unjudged but not which; those few are asked again.
  for (let i = 0; i < v.judgements.length; i++) {
    if (v.judgements[i] || judgeAt(layout, values, from + i, spec) === 'no_data') continue;
    const g = from + i;
    c.noHistorySpan = c.noHistorySpan
      ? { first: Math.min(c.noHistorySpan.first, g), last: Math.max(c.noHistorySpan.last, g) }
      : { first: g, last: g };
  }
}

/** The coverage as the JSON outputs print it. */
export function coverageJson(c: JudgingCoverage) {
  return { judged: c.judged, unjudged: { no_data: c.noData, no_history: c.noHistory }, low_history: c.lowHistory };
}

/**
 * "refund_rate: 12 of 40 slices not judged (9 with too little history, 3 without data); 3 judged on low history",
 * or null when every point was judged on the metric's own season. `what` names the points ("slices"); `when`
 * writes a grid index as a time, for the span of too little history.
 */
export function describeCoverage(
  metricId: string,
  c: JudgingCoverage,
  what: string,
  when?: (g: number) => string,
): string | null {
  const unjudged = c.noData + c.noHistory;
  if (unjudged === 0 && c.lowHistory === 0) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const parts: string[] = [];
  if (unjudged > 0) {
    const why = [
      ...(c.noHistory ? [`${n(c.noHistory)} with too little history to compare with${span(c, when)}`] : []),
      ...(c.noData ? [`${n(c.noData)} without data`] : []),
    ].join('; ');
    parts.push(
      c.judged === 0
        ? `none of ${n(unjudged)} ${what} could be judged (${why})`
        : `${n(unjudged)} of ${n(unjudged + c.judged)} ${what} not judged (${why})`,
    );
  }
  if (c.lowHistory > 0) parts.push(`${n(c.lowHistory)} judged on low history (a shorter baseline, a wider band)`);
  return `${metricId}: ${parts.join('; ')}`;
}

// ", from 2026-10-22T00:00:00.000Z to 2026-10-25T03:00:00.000Z": when points lacked history, if known.
function span(c: JudgingCoverage, when: ((g: number) => string) | undefined): string {
  const s = c.noHistorySpan;
  if (!s || !when) return '';
  return s.first === s.last ? `, at ${when(s.first)}` : `, from ${when(s.first)} to ${when(s.last)}`;
}
