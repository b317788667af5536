// The leaves of a catalog metric for a drill-down: its own SQL summed per cell (one row per combination of
// the dimension columns it returns) over the window, and averaged over the same weekday of earlier weeks.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { VigilError } from '../errors.ts';
import { queryWarehouse } from '../warehouse/query-warehouse.ts';
import { checkColumns } from '../metrics/build-series.ts';
import type { ResultRow, StepSql } from './run-types.ts';
import type { StepContext } from './step-context.ts';

const MEASURE_COLUMNS = new Set(['bucket', 'numerator', 'denominator', 'value', 'events']);
const WEEK_MS = 7 * 86_400_000;

/** Leaves as rows (dims, then num/den/expected_num/expected_den, or actual/expected) and the dimension columns. */
export interface MetricCells {
  metric: CatalogMetric;
  dims: string[];
  rows: ResultRow[];
  sql: StepSql[];
}

/** The SQL a metric drill-down runs: the window, then each baseline week. */
export function metricCellsSql(
  metric: CatalogMetric,
  from: string,
  to: string,
  weeks: number,
  timezone: string,
): StepSql[] {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Array.from({ length: weeks + 1 }, (_, k) => ({
    sql: metric.sql,
    label: k === 0 ? `${metric.id}, window` : `${metric.id}, ${k} week${k > 1 ? 's' : ''} back`,
    params: {
      from: new Date(a - k * WEEK_MS).toISOString(),
      to: new Date(b - k * WEEK_MS).toISOString(),
      tz: timezone,
    },
  }));
}

/** Runs the metric's SQL for the window and its baselines and sums the cells, keeping those inside `slice`. */
export async function fetchMetricCells(
  metric: CatalogMetric,
  sql: StepSql[],
  slice: Record<string, string> | null,
  ctx: StepContext,
): Promise<MetricCells> {
  const ratio = metric.kind === 'ratio';
  const cells = new Map<string, { row: ResultRow; now: [number, number]; before: [number, number] }>();
  let dims: string[] | undefined;
  for (const [k, s] of sql.entries()) {
    const result = await queryWarehouse(ctx.deps.warehouse, s.sql, s.params, `metric ${metric.id}`, {
      statementTimeoutMs: ctx.timeoutMs,
      maxRows: ctx.deps.maxRows ?? 200_000,
    });
    checkColumns(metric, result.columns);
    dims ??= result.columns.filter((c) => !MEASURE_COLUMNS.has(c));
    for (const r of result.rows) {
      if (slice && Object.entries(slice).some(([d, v]) => String(r[d] ?? '') !== v)) continue;
      const key = dims.map((d) => String(r[d] ?? '(none)')).join('\u0000');
      let cell = cells.get(key);
      if (!cell)
        cells.set(
          key,
          (cell = { row: Object.fromEntries(dims.map((d) => [d, r[d] ?? '(none)'])), now: [0, 0], before: [0, 0] }),
        );
      const into = k === 0 ? cell.now : cell.before;
      into[0] += Number(ratio ? r.numerator : r.value) || 0;
      into[1] += ratio ? Number(r.denominator) || 0 : 0;
    }
  }
  const weeks = sql.length - 1;
  // Dimensions the slice fixes say nothing inside it.
  const free = (dims ?? []).filter((d) => !slice || !(d in slice));
  if (free.length === 0) {
    throw new VigilError(
      'vigil_playbook_nothing_to_drill',
      `${metric.id} has no dimension left to drill into${slice ? ' inside this slice' : ''}.`,
      'Drill a metric whose SQL returns dimension columns (city, category, ...), or widen the slice.',
    );
  }
  const rows = [...cells.values()].map(({ row, now, before }) => ({
    ...row,
    ...(ratio
      ? { num: now[0], den: now[1], expected_num: before[0] / weeks, expected_den: before[1] / weeks }
      : { actual: now[0], expected: before[0] / weeks }),
  }));
  return { metric, dims: free, rows, sql };
}
