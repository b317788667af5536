// Scores backtest alerts against ground-truth incidents: precision, recall, alerts per week and
// detection delay per metric. Pure.
import type { BacktestAlert } from './backtest-metric.ts';

/** A labelled incident (warehouse.injected_incidents, or a labels file). */
export interface LabelledIncident {
  id: string;
  metric: string;
  slice: Record<string, string>;
  start: string;
  end: string;
}

/** One metric's figures. */
export interface MetricScore {
  alerts: number;
  /** Share of alerts that match a labelled incident; null with no alerts, or with no labels at all. */
  precision: number | null;
  /** Share of labelled incidents matched by an alert; null with no labels. */
  recall: number | null;
  labels: number;
  /** Alerts no labelled incident explains; null with no labels at all (nothing to explain them by). */
  falseAlerts: number | null;
  alertsPerWeek: number;
  falseAlertsPerWeek: number | null;
  /** Median minutes from an incident's start to the first alert that matched it. */
  medianDelayMinutes: number | null;
}

// One slice contains the other: every key both fix has the same value.
function consistent(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([k, v]) => !(k in b) || b[k] === v);
}

/** Does the alert describe the incident: same metric, consistent slices, overlapping in time (with `graceMs` after the end)? */
export function matches(alert: BacktestAlert, label: LabelledIncident, graceMs: number): boolean {
  if (alert.metric !== label.metric) return false;
  const slices = [alert.slice, ...alert.contributors];
  if (!slices.some((s) => consistent(s, label.slice))) return false;
  return Date.parse(alert.start) < Date.parse(label.end) + graceMs && Date.parse(alert.end) > Date.parse(label.start);
}

/** Figures per metric for the metrics given; `weeks` is the replayed span; `labelled` false: no labels exist, so no precision. */
export function scoreBacktest(
  metrics: readonly string[],
  alerts: readonly BacktestAlert[],
  labels: readonly LabelledIncident[],
  weeks: number,
  graceMs: number,
  labelled = true,
): Record<string, MetricScore> {
  const out: Record<string, MetricScore> = {};
  for (const id of metrics) {
    const mine = alerts.filter((a) => a.metric === id);
    const truth = labels.filter((l) => l.metric === id);
    // An alert caused by an injected incident of another metric (complaints during a payment outage) is
    // a true alert about a real event, not a false one; it just does not count towards that metric's recall.
    const good = mine.filter((a) => labels.some((l) => matches(a, { ...l, metric: a.metric }, graceMs)));
    const delays: number[] = [];
    let found = 0;
    for (const l of truth) {
      const hits = mine.filter((a) => matches(a, l, graceMs));
      if (hits.length === 0) continue;
      found += 1;
      const first = Math.min(...hits.map((a) => Date.parse(a.firedAt)));
      delays.push(Math.max(0, first - Date.parse(l.start)) / 60_000);
    }
    delays.sort((a, b) => a - b);
    const falseAlerts = labelled ? mine.length - good.length : null;
    out[id] = {
      alerts: mine.length,
      precision: labelled && mine.length ? good.length / mine.length : null,
      recall: truth.length ? found / truth.length : null,
      labels: truth.length,
      falseAlerts,
      alertsPerWeek: mine.length / weeks,
      falseAlertsPerWeek: falseAlerts === null ? null : falseAlerts / weeks,
      medianDelayMinutes: delays.length ? delays[(delays.length - 1) >> 1]! : null,
    };
  }
  return out;
}
