// Measures the demo metrics over a window and slice, and an injected incident against its baseline.
import { VigilError } from '../errors.ts';
import type { Queryable } from './bulk-insert.ts';
import { METRICS, type Aggregate, type MetricDefinition } from './metric-definitions.ts';
import type { InjectedIncident, MetricId, SliceKey } from './incident-types.ts';
import { DAY, HOUR } from './seasonality.ts';

/** The definitions themselves, for the metric catalog to reuse. */
export { METRICS, type MetricDefinition } from './metric-definitions.ts';

/** A metric over one window: its parts and value (null when the denominator is empty). */
export interface Measurement {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** The metric in an incident's window and slice vs the same slice over the 28 days before it. */
export interface IncidentMeasurement {
  observed: number | null;
  baseline: number | null;
  ratio: number | null;
}

/** The metric's definition; throws a VigilError naming the known ids for an unknown one. */
export function metricDefinition(id: string): MetricDefinition {
  const def = (METRICS as Record<string, MetricDefinition>)[id];
  if (!def) {
    throw new VigilError(
      'vigil_metric_unknown',
      `There is no metric "${id}".`,
      `Use one of: ${Object.keys(METRICS).join(', ')}.`,
    );
  }
  return def;
}

function aggregateSql(agg: Aggregate, keys: readonly SliceKey[]): string {
  const r = agg.relation;
  const conditions = [`${r.time} >= $1`, `${r.time} < $2`, ...(r.where ? [r.where] : [])];
  keys.forEach((key, i) => conditions.push(`${r.slices[key]} = $${i + 3}`));
  return `SELECT ${agg.value} FROM ${r.from} WHERE ${conditions.join(' AND ')}`;
}

/** The SQL and parameters of a metric over [from, to) in a slice; slice keys must be ones the metric supports. */
export function metricQuery(
  id: MetricId,
  slice: Record<string, string>,
  from: Date,
  to: Date,
): { text: string; values: unknown[] } {
  const def = metricDefinition(id);
  const keys = Object.keys(slice).sort() as SliceKey[];
  for (const key of keys) {
    const ok =
      Object.hasOwn(def.numerator.relation.slices, key) &&
      (!def.denominator || Object.hasOwn(def.denominator.relation.slices, key));
    if (!ok) {
      const supported = Object.keys(def.numerator.relation.slices).filter(
        (k) => !def.denominator || k in def.denominator.relation.slices,
      );
      throw new VigilError(
        'vigil_metric_bad_slice',
        `Metric ${id} cannot be sliced by "${key}".`,
        `Slice it by: ${supported.join(', ')}.`,
      );
    }
  }
  const numerator = aggregateSql(def.numerator, keys);
  const denominator = def.denominator ? `(${aggregateSql(def.denominator, keys)})` : 'NULL';
  return {
    text: `SELECT (${numerator}) AS numerator, ${denominator} AS denominator`,
    values: [from.toISOString(), to.toISOString(), ...keys.map((k) => slice[k])],
  };
}

/** The metric over [from, to) in a slice. */
export async function measureMetric(
  db: Queryable,
  id: MetricId,
  slice: Record<string, string>,
  from: Date,
  to: Date,
): Promise<Measurement> {
  const def = metricDefinition(id);
  const { text, values } = metricQuery(id, slice, from, to);
  const row = (await db.query(text, values)).rows[0] as { numerator: string | null; denominator: string | null };
  const numerator = Number(row.numerator ?? 0);
  // Without a denominator the metric is a rate per hour, so windows of any length compare.
  const denominator = def.denominator ? Number(row.denominator ?? 0) : (to.getTime() - from.getTime()) / 1000 / HOUR;
  return { numerator, denominator, value: denominator > 0 ? (numerator / denominator) * (def.scale ?? 1) : null };
}

/**
 * The incident's metric in its window and slice vs a baseline from the 28 days before it: for windows
 * up to a week, the same hours of the week in each of the 4 weeks before (so daily and weekly
 * seasonality cancel); for longer ones, the 28 days before the start.
 */
export async function measureIncident(db: Queryable, incident: InjectedIncident): Promise<IncidentMeasurement> {
  const id = metricDefinition(incident.metric).id;
  const start = Date.parse(incident.start);
  const end = Date.parse(incident.end);
  const observed = await measureMetric(db, id, incident.slice, new Date(start), new Date(end));
  const week = 7 * DAY * 1000;
  const windows =
    end - start <= week
      ? [1, 2, 3, 4].map((k) => [start - k * week, end - k * week] as const)
      : [[start - 4 * week, start] as const];
  let numerator = 0;
  let denominator = 0;
  for (const [from, to] of windows) {
    const m = await measureMetric(db, id, incident.slice, new Date(from), new Date(to));
    numerator += m.numerator;
    denominator += m.denominator;
  }
  const def = metricDefinition(id);
  const baseline = denominator > 0 ? (numerator / denominator) * (def.scale ?? 1) : null;
  return {
    observed: observed.value,
    baseline,
    ratio: observed.value !== null && baseline ? observed.value / baseline : null,
  };
}
