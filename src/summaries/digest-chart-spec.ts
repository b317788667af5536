// The digest's chart, laid out at the width Slack shows it (charts/slack-chart-size.ts). Daily: one chart of the red
// and amber metrics only, a row each; weekly: small multiples of the four worst metrics, two per row. Pure.
import type { TopLevelSpec } from 'vega-lite';
import { metricDayPanel, type PanelLayout } from '../charts/metric-day-panel.ts';
import {
  charsThatFit,
  FONT,
  PNG_SCALE,
  readableConfig,
  SLACK_DISPLAY_WIDTH_PX,
  wrapText,
} from '../charts/slack-chart-size.ts';
import type { DigestFacts, MetricFact } from './digest-facts-schema.ts';

/** Days the daily chart shows: the last two weeks, where each day has its usual band. */
export const DAILY_DAYS = 14;
/** Panels in the weekly report at most, and per row. */
export const WEEKLY_PANELS = 4;
export const WEEKLY_COLUMNS = 2;
/** The chart's layout width: the displayed width, so a font size in the spec is its displayed size. */
export const CHART_WIDTH = SLACK_DISPLAY_WIDTH_PX;
/** The PNG's width in px. */
export const CHART_PNG_WIDTH = CHART_WIDTH * PNG_SCALE;

const PAD = 8;
const Y_AXIS = 52;
const SPACING = 12;
// Grid lines and the target rule stick out of the plot by up to 1 px (half their stroke): kept inside the layout width.
const STROKE_ROOM = 1;
const TEXT_WIDTH = CHART_WIDTH - 2 * PAD;
const RANK = { red: 0, amber: 1, grey: 2, green: 3 } as const;
const STATUS_COLOR: Record<MetricFact['status'], string> = {
  green: '#2e7d32',
  amber: '#b45309',
  red: '#c62828',
  grey: '#4b5563',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What the chart shows: daily, the red and amber metrics; weekly, the worst four; worst first, catalog order within a status. */
export function chartedMetrics(facts: DigestFacts): MetricFact[] {
  const withData = facts.metrics.filter((m) => m.series.some((p) => p.value !== null));
  const worstFirst = [...withData].sort((a, b) => RANK[a.status] - RANK[b.status]);
  if (facts.kind === 'daily') return worstFirst.filter((m) => m.status === 'red' || m.status === 'amber');
  return worstFirst.slice(0, WEEKLY_PANELS);
}

/** The chart with its Slack file title and alt text, or null when there is nothing to chart (daily: all green or grey). */
export interface DigestChart {
  spec: TopLevelSpec;
  metrics: MetricFact[];
  title: string;
  altText: string;
}

/** The digest's chart, its title and its alt text; null when there is nothing to chart. */
export function digestChart(facts: DigestFacts, workspaceName = 'GNE'): DigestChart | null {
  const metrics = chartedMetrics(facts);
  if (metrics.length === 0) return null;
  const daily = facts.kind === 'daily';
  const days = daily ? DAILY_DAYS : metrics[0]!.series.length;
  const last = metrics[0]!.series.at(-1)?.day ?? facts.label;
  const heading = daily
    ? `${count(metrics.length, 'metric')} off track on ${shortDate(facts.label)}`
    : `Worst ${count(metrics.length, 'metric')}, week of ${shortDate(facts.label)}`;
  const chars = charsThatFit(TEXT_WIDTH, FONT.text);
  const legend = [
    `Last ${days} days to ${shortDate(last)} (${facts.timezone})`,
    'Line: daily value; shaded: usual range',
    ...(metrics.some((m) => m.target !== null) ? ['Dashed line: target'] : []),
  ].flatMap((line) => wrapText(line, chars));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: PAD,
    title: {
      text: wrapText(heading, charsThatFit(TEXT_WIDTH, FONT.title)),
      subtitle: legend,
      limit: TEXT_WIDTH,
      subtitlePadding: 4,
      offset: 10,
    },
    ...(daily ? dailyLayout(metrics) : weeklyLayout(metrics)),
    config: readableConfig(),
  } as unknown as TopLevelSpec;
  const listed = metrics.map((m) => `${m.title} (${m.status}: ${m.statusReason})`).join('; ');
  const kind = daily ? 'daily digest' : 'weekly report';
  return {
    spec,
    metrics,
    title: `${workspaceName} ${kind} ${facts.label}: ${metrics.map((m) => `${m.title} (${m.status})`).join(', ')}`,
    altText:
      `${daily ? 'Line chart' : 'Small multiples'} of the ${heading.replace(/^Worst/, 'worst')} ${longDate(facts.label).slice(-4)}: ` +
      `${listed}. Each shows its daily value over the ${days} days to ${longDate(last)}, ` +
      'the usual range of that weekday and its target where it has one.',
  };
}

/** The digest's chart spec alone, or null (see digestChart). */
export function digestChartSpec(facts: DigestFacts, workspaceName = 'GNE'): TopLevelSpec | null {
  return digestChart(facts, workspaceName)?.spec ?? null;
}

// A row per metric across the whole width, the x axis under the last one only.
function dailyLayout(metrics: MetricFact[]) {
  const layout = (last: boolean): PanelLayout => ({
    width: CHART_WIDTH - 2 * PAD - Y_AXIS - STROKE_ROOM,
    height: 84,
    yAxisWidth: Y_AXIS,
    xAxis: last ? { tickDays: 4, labels: 'all' } : null,
  });
  return {
    vconcat: metrics.map((m, i) => metricDayPanel(panelOf(m, DAILY_DAYS), layout(i === metrics.length - 1))),
    spacing: SPACING,
    resolve: { scale: { x: 'shared' } },
  };
}

// Two panels per row, each with its own x axis (a panel may stand alone in its row).
function weeklyLayout(metrics: MetricFact[]) {
  const room = CHART_WIDTH - 2 * PAD - STROKE_ROOM;
  // Whole-pixel panels; the spacing between columns takes the remainder so the row fills the width exactly.
  const width = Math.floor((room - (WEEKLY_COLUMNS - 1) * SPACING) / WEEKLY_COLUMNS) - Y_AXIS;
  const column = (room - WEEKLY_COLUMNS * (Y_AXIS + width)) / (WEEKLY_COLUMNS - 1);
  const layout: PanelLayout = { width, height: 80, yAxisWidth: Y_AXIS, xAxis: { tickDays: 7, labels: 'ends' } };
  return {
    columns: WEEKLY_COLUMNS,
    concat: metrics.map((m) => metricDayPanel(panelOf(m, m.series.length), layout)),
    spacing: { row: SPACING, column },
  };
}

function panelOf(m: MetricFact, days: number) {
  return {
    title: m.title,
    status: m.status,
    color: STATUS_COLOR[m.status],
    unit: m.unit,
    per: m.per,
    target: m.target,
    days: m.series.slice(-days),
  };
}

function shortDate(isoDay: string): string {
  return longDate(isoDay).replace(/ \d{4}$/, '');
}

function longDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return y && m && d ? `${d} ${MONTHS[m - 1]} ${y}` : isoDay;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
