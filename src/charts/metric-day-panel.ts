// One metric's days as a Vega-Lite layered view: the usual band, the daily value line and the target rule. Pure.
import { FONT, charsThatFit, wrapText } from './slack-chart-size.ts';

/** The metric to draw, in its unit: ratios unscaled (`per` null) read as percentages. */
export interface MetricDays {
  title: string;
  /** A status word shown under the title ("red", "amber"), or null. */
  status: string | null;
  /** The title's colour (the status colour). */
  color: string;
  unit: 'ratio' | 'count' | 'currency' | 'minutes';
  per: number | null;
  target: number | null;
  days: ReadonlyArray<{
    day: string;
    value: number | null;
    low?: number | null;
    high?: number | null;
  }>;
}

/** Where and how big: plot size in px, the y axis's fixed width, and the x axis (none, or a tick every `tickDays` back from the last day). */
export interface PanelLayout {
  width: number;
  height: number;
  yAxisWidth: number;
  xAxis: { tickDays: number; labels: 'all' | 'ends' } | null;
}

// Pixels kept free at either end of the x range, so the first and last points are drawn whole inside the plot.
const X_PADDING = 6;

/** Colours of the three things a panel draws. */
export const PANEL_COLORS = { value: '#1f5fa8', band: '#bfd7f2', target: '#111827' } as const;

/** The layered view of one metric; its width is exactly layout.yAxisWidth + layout.width. */
export function metricDayPanel(m: MetricDays, layout: PanelLayout): Record<string, unknown> {
  const values = m.days.map((d) => ({ day: d.day, value: d.value, low: d.low ?? null, high: d.high ?? null }));
  const y = { type: 'quantitative' as const, scale: { zero: false, nice: true }, axis: yAxis(m, layout) };
  const x = {
    field: 'day',
    type: 'temporal' as const,
    timeUnit: 'utcyearmonthdate',
    title: null,
    scale: { padding: X_PADDING },
    axis: layout.xAxis
      ? xAxis(
          m.days.map((d) => d.day),
          layout.xAxis,
        )
      : null,
  };
  // The title may use the axis's width too: it starts at the chart's left edge and stops at its right.
  const titleWidth = layout.yAxisWidth + layout.width;
  const name = m.per !== null ? `${m.title} (per ${m.per.toLocaleString('en-US')})` : m.title;
  const lines = wrapText(m.status ? `${name}: ${m.status}` : name, charsThatFit(titleWidth, FONT.panelTitle));
  return {
    width: layout.width,
    height: layout.height,
    title: {
      text: lines,
      color: m.color,
      fontSize: FONT.panelTitle,
      anchor: 'start',
      frame: 'bounds',
      limit: titleWidth,
      offset: 4,
    },
    data: { values },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        mark: { type: 'area', color: PANEL_COLORS.band, opacity: 0.8 },
        encoding: { x, y: { field: 'low', ...y }, y2: { field: 'high' } },
      },
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'line', color: PANEL_COLORS.value, strokeWidth: 2, point: { size: 12, filled: true } },
        encoding: { x, y: { field: 'value', ...y } },
      },
      ...(m.target !== null
        ? [
            {
              data: { values: [{ target: m.target }] },
              mark: { type: 'rule', color: PANEL_COLORS.target, strokeDash: [6, 4], strokeWidth: 1.5 },
              encoding: { y: { field: 'target', ...y } },
            },
          ]
        : []),
    ],
  };
}

// Percent for unscaled ratios, SI prefixes otherwise (money's billion as B); the axis has a fixed width so
// every panel's plot starts at the same x and the chart's width is known before it is drawn.
function yAxis(m: MetricDays, layout: PanelLayout): Record<string, unknown> {
  const format =
    m.unit === 'ratio' && m.per === null
      ? { format: '.1~%' }
      : m.unit === 'currency'
        ? { labelExpr: "replace(format(datum.value, '.3~s'), 'G', 'B')" }
        : { format: '.3~s' };
  const labelLimit = layout.yAxisWidth - 8;
  return {
    ...format,
    title: null,
    tickCount: 4,
    tickSize: 4,
    labelPadding: 3,
    labelLimit,
    minExtent: layout.yAxisWidth,
    maxExtent: layout.yAxisWidth,
  };
}

// Ticks every `tickDays` back from the last day; the labels at the ends are flush with the plot so none sticks
// out of the chart (its width stays the layout's), and 'ends' labels only the first and last tick.
function xAxis(days: readonly string[], axis: NonNullable<PanelLayout['xAxis']>): Record<string, unknown> {
  const values: number[] = [];
  for (let i = days.length - 1; i >= 0; i -= axis.tickDays) values.unshift(Date.parse(`${days[i]}T00:00:00Z`));
  return {
    values,
    format: '%-d %b',
    labelFlush: X_PADDING + 4,
    labelOverlap: false,
    grid: false,
    ...(axis.labels === 'ends' ? { labelExpr: "datum.index === 0 || datum.index === 1 ? datum.label : ''" } : {}),
  };
}
