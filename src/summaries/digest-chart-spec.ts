// The digest chart: small multiples of the headline metrics over 28 days, each in its own unit, with its expected value and target. Pure.
import type { TopLevelSpec } from 'vega-lite';
import { yAxis } from '../charts/metric-band-spec.ts';
import type { DigestFacts, MetricFact } from './digest-facts-schema.ts';

/** Panels at most; a catalog larger than this charts the metrics that are not green first. */
export const MAX_PANELS = 12;
/** Panels per row. */
export const PANEL_COLUMNS = 3;
const PANEL = { width: 220, height: 110 };
const STATUS_COLOR: Record<MetricFact['status'], string> = {
  green: '#2e7d32',
  amber: '#ef6c00',
  red: '#c62828',
  grey: '#6b7280',
};

/** The metrics the chart shows: those with data, worst status first, at most MAX_PANELS, in catalog order within a status. */
export function chartedMetrics(facts: DigestFacts): MetricFact[] {
  const rank = { red: 0, amber: 1, grey: 2, green: 3 } as const;
  const withData = facts.metrics.filter((m) => m.series.some((p) => p.value !== null));
  const picked = [...withData].sort((a, b) => rank[a.status] - rank[b.status]).slice(0, MAX_PANELS);
  return withData.filter((m) => picked.includes(m));
}

/** A self-contained Vega-Lite spec (data inline), or null when no metric has data to chart. */
export function digestChartSpec(facts: DigestFacts, workspaceName = 'GNE'): TopLevelSpec | null {
  const metrics = chartedMetrics(facts);
  if (metrics.length === 0) return null;
  const first = metrics[0]!.series[0]?.day ?? facts.label;
  const last = metrics[0]!.series.at(-1)?.day ?? facts.label;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${workspaceName} headline metrics, ${first} to ${last}`,
      subtitle: `Daily values (${facts.timezone}); dashed: expected, dotted: target`,
      anchor: 'start',
    },
    background: 'white',
    padding: 12,
    columns: PANEL_COLUMNS,
    concat: metrics.map(panel),
    config: { view: { stroke: null }, concat: { spacing: 24 } },
  } as TopLevelSpec;
}

function panel(m: MetricFact) {
  const values = m.series.map((p) => ({ day: p.day, value: p.value }));
  const y = {
    type: 'quantitative' as const,
    scale: { zero: false, nice: true },
    axis: { ...yAxis(m.unit), title: null, tickCount: 4 },
  };
  const rules = [
    ...(m.expected !== null
      ? [
          {
            data: { values: [{ v: m.expected }] },
            mark: { type: 'rule', strokeDash: [5, 4], color: '#6b7280' },
            encoding: { y: { field: 'v', ...y } },
          },
        ]
      : []),
    ...(m.target !== null
      ? [
          {
            data: { values: [{ v: m.target }] },
            mark: { type: 'rule', strokeDash: [1, 3], color: '#111827' },
            encoding: { y: { field: 'v', ...y } },
          },
        ]
      : []),
  ];
  return {
    ...PANEL,
    title: { text: m.title, color: STATUS_COLOR[m.status], fontSize: 12, anchor: 'start' },
    layer: [
      {
        data: { values },
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'line', strokeWidth: 2, color: '#1f5fa8', point: { size: 12 } },
        encoding: {
          x: {
            field: 'day',
            type: 'temporal',
            timeUnit: 'utcyearmonthdate',
            axis: { title: null, format: '%d %b', labelOverlap: true, grid: false, tickCount: 4 },
          },
          y: { field: 'value', ...y },
        },
      },
      ...rules,
    ],
  };
}
