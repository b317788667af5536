// A metric's whole-market days for a digest, with settled days kept in metric_day_totals: a day is
// settled a day after it ends (plus the metric's complete_after), and only newer or missing days are
// read from the warehouse. The first digest fills the table; the next ones query a day or two.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { durationMs } from '../detect/judge-spec.ts';
import { digestPeriod, localDateOf, localDayStart } from './digest-facts-period.ts';
import { addDays } from '../time/zone-time.ts';
import { firstFactDay } from './metric-period-fact.ts';
import { fetchMetricDays, type MetricDays } from './metric-day-values.ts';

const DAY_MS = 86_400_000;

/** Where the days come from: the bot database (the cache), the warehouse, and the clock. */
export interface CachedDaysDeps {
  pool: pg.Pool;
  warehouse: pg.Pool;
  timezone: string;
  now: Date;
}

/** The metric's days in [from, to) (local day boundaries), from the cache where settled, else the warehouse. */
export async function cachedMetricDays(
  deps: CachedDaysDeps,
  metric: CatalogMetric,
  from: Date,
  to: Date,
): Promise<MetricDays> {
  const tz = deps.timezone;
  const hash = createHash('sha256').update(metric.sql).digest('hex').slice(0, 16);
  const days: string[] = [];
  for (let d = localDateOf(from.getTime(), tz); localDayStart(d, tz) < to.getTime(); d = addDays(d, 1)) days.push(d);
  const settledBefore = deps.now.getTime() - DAY_MS - durationMs(metric.complete_after);
  const settled = (day: string) => localDayStart(addDays(day, 1), tz) <= settledBefore;
  const { rows } = await deps.pool.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, has_data, num, den, events, newest FROM metric_day_totals
      WHERE metric_id = $1 AND sql_hash = $2 AND timezone = $3 AND day >= $4::date AND day <= $5::date`,
    [metric.id, hash, tz, days[0], days.at(-1)],
  );
  const out: MetricDays = new Map();
  const cached = new Set<string>();
  for (const r of rows as Array<{
    day: string;
    has_data: boolean;
    num: number;
    den: number;
    events: number;
    newest: Date | null;
  }>) {
    cached.add(r.day);
    if (r.has_data)
      out.set(r.day, { num: Number(r.num), den: Number(r.den), events: Number(r.events), newest: new Date(r.newest!) });
  }
  const firstMissing = days.find((d) => !cached.has(d) || !settled(d));
  if (firstMissing === undefined) return out;
  // One query from the first day not kept to the end: the missing days are the newest ones after the first digest.
  const fresh = await fetchMetricDays(deps.warehouse, metric, new Date(localDayStart(firstMissing, tz)), to, tz);
  const keep: unknown[][] = [];
  for (const day of days.slice(days.indexOf(firstMissing))) {
    const cell = fresh.get(day);
    if (cell) out.set(day, cell);
    else out.delete(day);
    if (settled(day) && !cached.has(day))
      keep.push([day, cell !== undefined, cell?.num ?? 0, cell?.den ?? 0, cell?.events ?? 0, cell?.newest ?? null]);
  }
  if (keep.length > 0) {
    const values = keep
      .map(
        (_, i) =>
          `($1, $2, $3, $${4 + i * 6}::date, $${5 + i * 6}, $${6 + i * 6}, $${7 + i * 6}, $${8 + i * 6}, $${9 + i * 6})`,
      )
      .join(', ');
    await deps.pool.query(
      `INSERT INTO metric_day_totals (metric_id, sql_hash, timezone, day, has_data, num, den, events, newest) VALUES ${values}
       ON CONFLICT (metric_id, sql_hash, timezone, day) DO NOTHING`,
      [metric.id, hash, tz, ...keep.flat()],
    );
  }
  return out;
}

/** Fills the kept days of every metric for the next digests (the weekly report's range covers the daily one). */
export async function warmMetricDays(
  deps: CachedDaysDeps,
  catalog: readonly CatalogMetric[],
): Promise<{ metrics: number; failed: string[] }> {
  const lastWeek = digestPeriod('weekly', deps.timezone, deps.now);
  const from = new Date(localDayStart(firstFactDay(lastWeek.days), deps.timezone));
  const to = new Date(localDayStart(localDateOf(deps.now.getTime(), deps.timezone), deps.timezone));
  const failed: string[] = [];
  // One metric at a time: this runs in the background and should not crowd the warehouse.
  for (const metric of catalog) await cachedMetricDays(deps, metric, from, to).catch(() => failed.push(metric.id));
  return { metrics: catalog.length, failed };
}
