// The incident chart as a Vega-Lite spec: observed line, expected line and band, anomalies in red. Pure.
import type { TopLevelSpec } from 'vega-lite';
import { type ChartPoint, downsamplePoints, MAX_CHART_POINTS } from './downsample-points.ts';
import { isKnownTimezone, zoneOffsetMs } from '../time/zone-time.ts';

/** What to draw: a metric's recent series with its expected band, in the unit the metric is reported in. */
export interface MetricBandChart {
  title: string;
  subtitle?: string;
  unit: 'ratio' | 'count' | 'currency' | 'minutes';
  /** IANA zone the time axis is read in, e.g. "Asia/Jakarta". */
  timezone: string;
  points: ChartPoint[];
}

/** Plot area in px; with Vega's padding and axes the whole chart comes to about 800 px wide. */
export const CHART_WIDTH = 680;
export const CHART_HEIGHT = 280;

/** Series colours, in legend order. */
export const SERIES = {
  observed: '#1f5fa8',
  expected: '#6b7280',
  'expected band': '#9ec5f0',
  anomaly: '#d62728',
} as const;

const colorScale = { domain: Object.keys(SERIES), range: Object.values(SERIES) };

/** The text the chart shows when there is nothing to plot. */
export const NO_DATA_TEXT = 'No data for this period';

/** A self-contained Vega-Lite spec (data inline, no URLs) for the metric and its expected band. */
export function metricBandSpec(chart: MetricBandChart): TopLevelSpec {
  const zone = isKnownTimezone(chart.timezone) ? chart.timezone : 'UTC';
  const drawable = chart.points.filter((p) => Number.isFinite(p.t));
  if (!drawable.some((p) => isNumber(p.value))) return noDataSpec(chart);
  const values = downsamplePoints(drawable, MAX_CHART_POINTS).map((p) => ({
    // Shifted so that Vega's UTC formatting prints the wall clock of `zone`.
    t: p.t + zoneOffsetMs(p.t, zone),
    value: num(p.value),
    expected: num(p.expected),
    low: num(p.low),
    high: num(p.high),
    anomalous: p.anomalous === true && isNumber(p.value),
  }));
  const x = {
    field: 't',
    type: 'temporal' as const,
    scale: { type: 'utc' as const },
    axis: { title: `Time (${zone})`, format: '%d %b', labelOverlap: true, grid: false },
  };
  const y = { type: 'quantitative' as const, scale: { zero: false, nice: true }, axis: yAxis(chart.unit) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frame(chart),
    data: { values },
    encoding: { x },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        mark: { type: 'area', opacity: 0.35 },
        encoding: {
          y: { field: 'low', ...y },
          y2: { field: 'high' },
          color: {
            datum: 'expected band',
            type: 'nominal',
            scale: colorScale,
            legend: { title: null, orient: 'top', symbolOpacity: 1 },
          },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.expected)' }],
        mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { y: { field: 'expected', ...y }, color: { datum: 'expected', type: 'nominal' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { y: { field: 'value', ...y }, color: { datum: 'observed', type: 'nominal' } },
      },
      {
        transform: [{ filter: 'datum.anomalous' }],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { y: { field: 'value', ...y }, color: { datum: 'anomaly', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}

/** The y axis for a unit: ratios as percentages, money abbreviated (410M, 1.2B), counts and minutes with separators. */
export function yAxis(unit: MetricBandChart['unit']): Record<string, unknown> {
  switch (unit) {
    case 'ratio':
      return { title: null, format: '.1~%' };
    // d3's SI prefix says G for a billion; money reads B.
    case 'currency':
      return { title: null, labelExpr: "replace(format(datum.value, '.3~s'), 'G', 'B')" };
    case 'minutes':
      return { title: 'minutes', format: ',.0f' };
    case 'count':
      return { title: null, format: ',.0f' };
  }
}

function frame(chart: MetricBandChart) {
  return {
    title: { text: chart.title, ...(chart.subtitle ? { subtitle: chart.subtitle } : {}), anchor: 'start' as const },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: 'white',
    padding: 12,
    config: { view: { stroke: null } },
  };
}

function noDataSpec(chart: MetricBandChart): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frame(chart),
    data: { values: [{ message: NO_DATA_TEXT }] },
    mark: { type: 'text', fontSize: 18, color: SERIES.expected },
    encoding: { text: { field: 'message', type: 'nominal' } },
  } as TopLevelSpec;
}

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function num(v: number | null | undefined): number | null {
  return isNumber(v) ? v : null;
}
