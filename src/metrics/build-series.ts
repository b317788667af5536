// Turns a metric query's rows into one series per watched slice: cells are summed up to each slice
// (numerators and denominators add; rates are divided only when judged).
import type { CatalogMetric } from './metric-catalog-schema.ts';
import type { SeriesLayout, SeriesValues } from './series-layout.ts';
import { VigilError } from '../errors.ts';
import { gridIndex, PERIOD } from './bucket-grid.ts';
import type { Grain } from './grain.ts';
import { sliceKey } from './slice-key.ts';

/** One watched slice's series. */
export interface SliceSeries {
  slice: Record<string, string>;
  key: string;
  values: SeriesValues;
}

/** Every watched slice of a metric on one layout. */
export interface MetricSeries {
  layout: SeriesLayout;
  slices: SliceSeries[];
}

/** The layout of the fetched grid ranges (inclusive pairs of grid indexes). */
export function layoutOf(ranges: ReadonlyArray<readonly [number, number]>, grain: Grain): SeriesLayout {
  const first = Math.min(...ranges.map((r) => r[0]));
  const last = Math.max(...ranges.map((r) => r[1]));
  const posOf = new Int32Array(last - first + 1).fill(-1);
  let n = 0;
  for (let g = first; g <= last; g++) {
    if (ranges.some(([a, b]) => g >= a && g <= b)) posOf[g - first] = n++;
  }
  return { first, posOf, period: PERIOD[grain] };
}

/** The columns a metric's rows must have. */
export function requiredColumns(metric: CatalogMetric): string[] {
  const dims = [...new Set(metric.slices.flat())];
  return ['bucket', ...(metric.kind === 'ratio' ? ['numerator', 'denominator'] : ['value']), ...dims];
}

/** Checks the query returned the columns the catalog needs; throws a VigilError naming the missing ones. */
export function checkColumns(metric: CatalogMetric, columns: readonly string[]): void {
  const missing = requiredColumns(metric).filter((c) => !columns.includes(c));
  if (missing.length === 0) return;
  throw new VigilError(
    'vigil_metric_bad_columns',
    `The SQL of ${metric.id} returns no ${missing.map((c) => `"${c}"`).join(', ')} column.`,
    `Return ${requiredColumns(metric).join(', ')} (got ${columns.join(', ') || 'no columns'}).`,
  );
}

/** Sums rows into each watched slice on `layout`; rows outside it are ignored. */
export function buildSeries(
  metric: CatalogMetric,
  grain: Grain,
  layout: SeriesLayout,
  rows: readonly Record<string, unknown>[],
): MetricSeries {
  const size = layout.posOf.reduce((n, p) => (p >= 0 ? n + 1 : n), 0);
  const bySet = metric.slices.map((dims) => ({ dims: [...dims].sort(), series: new Map<string, SliceSeries>() }));
  const ratio = metric.kind === 'ratio';
  const withEvents = rows.length > 0 && Object.hasOwn(rows[0]!, 'events');
  for (const row of rows) {
    const start = toMillis(row.bucket);
    if (start === null) continue;
    const i = gridIndex(start, grain) - layout.first;
    const pos = i >= 0 && i < layout.posOf.length ? layout.posOf[i]! : -1;
    if (pos < 0) continue;
    const num = Number(ratio ? row.numerator : row.value) || 0;
    const den = ratio ? Number(row.denominator) || 0 : 0;
    for (const set of bySet) {
      let key = '';
      for (const d of set.dims) key += `${d}=${String(row[d] ?? '(none)')},`;
      let s = set.series.get(key);
      if (!s) {
        const slice: Record<string, string> = {};
        for (const d of set.dims) slice[d] = String(row[d] ?? '(none)');
        s = {
          slice,
          key: sliceKey(slice),
          values: {
            num: new Float64Array(size),
            den: new Float64Array(size),
            events: withEvents ? new Float64Array(size) : null,
          },
        };
        set.series.set(key, s);
      }
      s.values.num[pos]! += num;
      s.values.den[pos]! += den;
      if (s.values.events) s.values.events[pos]! += Number(row.events) || 0;
    }
  }
  return { layout, slices: bySet.flatMap((s) => [...s.series.values()]) };
}

function toMillis(v: unknown): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number') {
    const t = new Date(v).getTime();
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
