// The digest's chart: daily, the red and amber metrics with their usual band and target; weekly, the worst four;
// every text at least 11 px as Slack displays it.
import { describe, expect, it } from 'vitest';
import { MIN_DISPLAYED_FONT_PX, PNG_SCALE, SLACK_DISPLAY_WIDTH_PX } from '../../src/charts/slack-chart-size.ts';
import {
  CHART_PNG_WIDTH,
  DAILY_DAYS,
  digestChart,
  digestChartSpec,
  WEEKLY_PANELS,
} from '../../src/summaries/digest-chart-spec.ts';
import type { DigestFacts } from '../../src/summaries/digest-facts-schema.ts';
import { digestFacts, metricFact } from '../slack/digest-fixtures.ts';
import { redAndAmber } from './digest-chart-fixtures.ts';

type Spec = Record<string, unknown>;
type Panel = { title: { text: string[] }; layer: Spec[] };

function allGreen(): DigestFacts {
  const f = digestFacts();
  return { ...f, metrics: f.metrics.map((m, i) => ({ ...m, status: i === 0 ? 'grey' : 'green' })) };
}

function panels(spec: Spec): Panel[] {
  return (spec.vconcat ?? spec.concat) as Panel[];
}

// Every font size anywhere in the spec (config, titles, marks), with where it was found.
function fontSizes(node: unknown, path = ''): Array<[string, number]> {
  if (Array.isArray(node)) return node.flatMap((n, i) => fontSizes(n, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]): Array<[string, number]> =>
    /fontsize$/i.test(k) && typeof v === 'number' ? [[`${path}.${k}`, v]] : fontSizes(v, `${path}.${k}`),
  );
}

// Font px as displayed: layout px times PNG px per layout px, times Slack's displayed width over the PNG's.
function displayed(fontSize: number): number {
  return (fontSize * PNG_SCALE * SLACK_DISPLAY_WIDTH_PX) / CHART_PNG_WIDTH;
}

describe('daily digest chart', () => {
  it('holds exactly the red and amber metrics, worst first, over the last two weeks', () => {
    const spec = digestChartSpec(redAndAmber()) as unknown as Spec;
    expect(spec.concat).toBeUndefined();
    const rows = panels(spec);
    expect(rows.map((p) => p.title.text.join(' '))).toEqual(['Refund rate: red', 'GMV: amber']);
    for (const row of rows)
      expect((row as unknown as { data: { values: unknown[] } }).data.values).toHaveLength(DAILY_DAYS);
  });

  it('draws each metric with its usual band, its daily line and its target as a rule', () => {
    const [refund, gmv] = panels(digestChartSpec(redAndAmber()) as unknown as Spec);
    const marks = (p: Panel) => p.layer.map((l) => (l.mark as { type: string }).type);
    expect(marks(refund!)).toEqual(['area', 'line', 'rule']);
    expect(refund!.layer[0]!.encoding).toMatchObject({ y: { field: 'low' }, y2: { field: 'high' } });
    expect(refund!.layer[2]!.data).toEqual({ values: [{ target: 0.03 }] });
    // GMV has no target: no rule.
    expect(marks(gmv!)).toEqual(['area', 'line']);
  });

  it('reads percent metrics in percent and money with SI prefixes', () => {
    const [refund, gmv] = panels(digestChartSpec(redAndAmber()) as unknown as Spec);
    const axis = (p: Panel) => (p.layer[1]!.encoding as { y: { axis: Spec } }).y.axis;
    expect(axis(refund!).format).toBe('.1~%');
    expect(axis(gmv!).labelExpr).toContain('.3~s');
  });

  it('sets every text size, and each is at least 11 px as Slack displays it', () => {
    const spec = digestChartSpec(redAndAmber()) as unknown as Spec;
    const config = spec.config as Record<string, Spec>;
    for (const [part, key] of [
      ['title', 'fontSize'],
      ['title', 'subtitleFontSize'],
      ['axis', 'labelFontSize'],
      ['axis', 'titleFontSize'],
      ['legend', 'labelFontSize'],
      ['legend', 'titleFontSize'],
    ] as const)
      expect(config[part]![key], `${part}.${key}`).toBeTypeOf('number');
    const sizes = fontSizes(spec);
    expect(sizes.length).toBeGreaterThan(6);
    for (const [where, size] of sizes) expect(displayed(size), where).toBeGreaterThanOrEqual(MIN_DISPLAYED_FONT_PX);
  });

  it('says what it shows in its title, file title and alt text', () => {
    const chart = digestChart(redAndAmber(), 'GNE')!;
    expect((chart.spec as { title: { text: string[] } }).title.text.join(' ')).toBe('2 metrics off track on 2 Jun');
    expect(chart.title).toBe('GNE daily digest 2026-06-02: Refund rate (red), GMV (amber)');
    expect(chart.altText).toContain('Refund rate (red: worse than target)');
    expect(chart.altText).toContain('GMV (amber: worse than usual)');
    expect(chart.altText).toContain('14 days to 2 Jun 2026');
  });

  it('is none when every metric is green or grey', () => {
    expect(digestChart(allGreen())).toBeNull();
  });
});

describe('weekly report chart', () => {
  it('keeps at most four panels, two per row, worst first', () => {
    const f = redAndAmber('weekly');
    const extra = ['a', 'b', 'c'].map((id) => metricFact({ id, title: `Metric ${id}`, status: 'green' }));
    f.metrics = [...extra, ...f.metrics, metricFact({ id: 'late', title: 'Late amber', status: 'amber' })];
    const spec = digestChartSpec(f) as unknown as Spec;
    expect(spec.columns).toBe(2);
    const titles = panels(spec).map((p) => p.title.text.join(' '));
    expect(titles).toHaveLength(WEEKLY_PANELS);
    expect(titles).toEqual(['Refund rate: red', 'GMV: amber', 'Late amber: amber', 'Metric a: green']);
    for (const [where, size] of fontSizes(spec))
      expect(displayed(size), where).toBeGreaterThanOrEqual(MIN_DISPLAYED_FONT_PX);
  });

  it('charts the worst metrics even when none is off track (grey before green), over the whole 28 days', () => {
    const spec = digestChartSpec({ ...allGreen(), kind: 'weekly' }) as unknown as Spec;
    const shown = panels(spec);
    expect(shown.map((p) => p.title.text.join(' '))).toEqual([
      'Refund rate: grey',
      'Redemption failures: green',
      'GMV: green',
    ]);
    expect((shown[0] as unknown as { data: { values: unknown[] } }).data.values).toHaveLength(28);
  });
});
