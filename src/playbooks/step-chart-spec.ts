// The chart step's Vega-Lite spec: a line or bar chart of an earlier step's rows, data inline. Pure.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_HEIGHT, CHART_WIDTH } from '../charts/metric-band-spec.ts';
import { toNumber } from './compare-windows.ts';

/** Rows a chart draws at most; more would be unreadable and slow to render. */
export const MAX_STEP_CHART_ROWS = 2000;

/** What to draw. */
export interface StepChart {
  title: string;
  mark: 'line' | 'bar';
  x: string;
  y: string;
  color?: string;
  xType?: 'temporal' | 'ordinal' | 'nominal' | 'quantitative';
  yFormat: 'percent' | 'number';
  rows: readonly Record<string, unknown>[];
}

/** The spec and how many rows it draws (rows without a numeric y are left out). */
export function stepChartSpec(chart: StepChart): { spec: TopLevelSpec; points: number } {
  const values: Record<string, unknown>[] = [];
  for (const row of chart.rows) {
    const y = toNumber(row[chart.y]);
    if (y === null || row[chart.x] === null || row[chart.x] === undefined) continue;
    const x = row[chart.x] instanceof Date ? (row[chart.x] as Date).toISOString() : row[chart.x];
    values.push({ x, y, ...(chart.color ? { c: String(row[chart.color] ?? '') } : {}) });
    if (values.length >= MAX_STEP_CHART_ROWS) break;
  }
  const xType = chart.xType ?? guessXType(values.map((v) => v.x));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start', fontSize: 14 },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: 'white',
    padding: 12,
    data: { values },
    mark: chart.mark === 'line' ? { type: 'line', point: values.length <= 60 } : { type: 'bar' },
    encoding: {
      x: {
        field: 'x',
        type: xType,
        title: chart.x,
        ...(xType === 'temporal'
          ? { axis: { format: '%d %b', labelOverlap: true } }
          : { sort: chart.mark === 'bar' ? '-y' : undefined, axis: { labelLimit: 140, labelAngle: -40 } }),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: chart.y,
        axis: chart.yFormat === 'percent' ? { format: '.1%' } : { format: '~s' },
      },
      ...(chart.color ? { color: { field: 'c', type: 'nominal', title: chart.color, legend: { orient: 'top' } } } : {}),
    },
  } as TopLevelSpec;
  return { spec, points: values.length };
}

function guessXType(xs: unknown[]): 'temporal' | 'nominal' | 'quantitative' {
  if (xs.length > 0 && xs.every((x) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}/.test(x))) return 'temporal';
  if (xs.length > 0 && xs.every((x) => toNumber(x) !== null && typeof x !== 'string')) return 'quantitative';
  return 'nominal';
}
