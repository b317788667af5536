// A catalog metric summed up to the whole market per local day: its own SQL run once over a range of
// days, with the cells summed in the warehouse so only one row per day comes back.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { queryWarehouse, DEFAULT_WAREHOUSE_LIMITS, type WarehouseLimits } from '../warehouse/query-warehouse.ts';
import { checkColumns } from '../metrics/build-series.ts';
import { median, scaledMad } from '../detect/robust-stats.ts';
import { addDays } from '../time/zone-time.ts';

/** One local day of a metric: numerator (amount: value), denominator and events summed over every cell. */
export interface DayCell {
  num: number;
  den: number;
  events: number;
  /** Start of the newest bucket with a row that day. */
  newest: Date;
}

/** A metric's days over a range: cells by local date (days without rows are absent). */
export type MetricDays = Map<string, DayCell>;

/**
 * Runs the metric's SQL over [from, to) with :from, :to and :tz bound as the watcher binds them,
 * and returns its cells summed per local day of `timezone`. A first `LIMIT 0` run checks the
 * columns (a bad catalog entry fails as the watcher fails) and tells whether there is an events column.
 */
export async function fetchMetricDays(
  warehouse: pg.Pool,
  metric: CatalogMetric,
  from: Date,
  to: Date,
  timezone: string,
  limits: WarehouseLimits = DEFAULT_WAREHOUSE_LIMITS,
): Promise<MetricDays> {
  const params = { from: from.toISOString(), to: to.toISOString(), tz: timezone };
  const label = `metric ${metric.id}`;
  const body = metric.sql.trim().replace(/;+\s*$/, '');
  const probe = await queryWarehouse(warehouse, `SELECT * FROM (\n${body}\n) AS m LIMIT 0`, params, label, limits);
  checkColumns(metric, probe.columns);
  const numerator = metric.kind === 'ratio' ? 'm.numerator' : 'm.value';
  const denominator = metric.kind === 'ratio' ? 'sum(m.denominator)::float8' : '0::float8';
  const events = probe.columns.includes('events') ? 'sum(m.events)::float8' : '0::float8';
  // A timestamptz bucket AT TIME ZONE :tz is its local wall-clock time, so the date is the local day.
  const sql = `SELECT to_char(m.bucket AT TIME ZONE :tz, 'YYYY-MM-DD') AS day, sum(${numerator})::float8 AS num,
      ${denominator} AS den, ${events} AS events, max(m.bucket) AS newest
    FROM (\n${body}\n) AS m GROUP BY 1`;
  const result = await queryWarehouse(warehouse, sql, params, label, limits);
  const days: MetricDays = new Map();
  for (const r of result.rows) {
    days.set(String(r.day), {
      num: Number(r.num) || 0,
      den: Number(r.den) || 0,
      events: Number(r.events) || 0,
      newest: new Date(r.newest as string | Date),
    });
  }
  return days;
}

/** One day of a chart series: the day's value and its usual band (all null where there is too little history). */
export interface SeriesDay {
  day: string;
  value: number | null;
  expected: number | null;
  low: number | null;
  high: number | null;
}

/** Robust spreads either side of the median that the usual band spans. */
export const BAND_SPREADS = 2;
/** Same weekdays a band needs at least: one value has no spread. */
export const BAND_MIN_WEEKS = 2;

/**
 * The `count` days to `last` (local dates, oldest first), each with its value and its usual band. The band of
 * day d comes from the same weekday in the `weeks` weeks before d (d-7, d-14, ...), from whichever of those
 * days have a value (the digest builder fetches from firstFactDay, four weeks before the series' first day; a
 * metric younger than that has fewer, and no band before BAND_MIN_WEEKS): expected is their median, low and high are
 * median -/+ BAND_SPREADS scaled MADs, the spread floored at 1 % of the median as the status rule floors it.
 */
export function usualBands(
  valueOf: (day: string) => number | null,
  last: string,
  count: number,
  weeks: number,
): SeriesDay[] {
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(last, i - count + 1);
    const past: number[] = [];
    for (let k = 1; k <= weeks; k++) {
      const v = valueOf(addDays(day, -7 * k));
      if (v !== null) past.push(v);
    }
    const value = valueOf(day);
    if (past.length < BAND_MIN_WEEKS) return { day, value, expected: null, low: null, high: null };
    const expected = median(past);
    const spread = BAND_SPREADS * Math.max(scaledMad(past, past.length, expected), 0.01 * Math.abs(expected));
    return { day, value, expected, low: expected - spread, high: expected + spread };
  });
}
