import { describe, expect, it } from 'vitest';
import { downsamplePoints, MAX_CHART_POINTS } from '../../src/charts/downsample-points.ts';
import { metricBandSpec, NO_DATA_TEXT, SERIES } from '../../src/charts/metric-band-spec.ts';
import { HOUR, hourlyPoints, refundChart, START } from './chart-fixtures.ts';

interface Layer {
  mark: { type: string };
  transform?: Array<{ filter: string }>;
  encoding: Record<string, Record<string, unknown>>;
}
type Spec = {
  layer: Layer[];
  data: { values: Array<Record<string, unknown>> };
  title: { text: string; subtitle?: string };
  encoding: { x: { axis: { title: string } } };
};
const specOf = (...args: Parameters<typeof metricBandSpec>) => metricBandSpec(...args) as unknown as Spec;
const layer = (spec: Spec, type: string, field: string) =>
  spec.layer.find((l) => l.mark.type === type && l.encoding.y?.field === field)!;

describe('metricBandSpec', () => {
  it('draws the band as a shaded area from low to high, the expected line dashed and the observed line', () => {
    const spec = specOf(refundChart());
    const band = layer(spec, 'area', 'low');
    expect(band.encoding.y2).toEqual({ field: 'high' });
    expect(band.encoding.color).toMatchObject({ datum: 'expected band' });
    expect(band.transform).toEqual([{ filter: 'isValid(datum.low) && isValid(datum.high)' }]);
    expect(layer(spec, 'line', 'expected').mark).toMatchObject({ strokeDash: [5, 4] });
    expect(layer(spec, 'line', 'value').encoding.color).toMatchObject({ datum: 'observed' });
    expect(spec.title).toEqual({ text: 'Refund rate', subtitle: 'city=jakarta · last 4 weeks', anchor: 'start' });
  });

  it('marks only anomalous points with a value, in red', () => {
    const points = hourlyPoints(48, 3);
    points[46]!.value = null;
    const spec = specOf(refundChart({ points }));
    const anomalies = layer(spec, 'point', 'value');
    expect(anomalies.transform).toEqual([{ filter: 'datum.anomalous' }]);
    expect(anomalies.encoding.color).toMatchObject({ datum: 'anomaly' });
    const colors = band(spec);
    expect(colors.range[colors.domain.indexOf('anomaly')]).toBe(SERIES.anomaly);
    expect(SERIES.anomaly).toBe('#d62728');
    expect(spec.data.values.filter((v) => v.anomalous).map((v) => v.value)).toHaveLength(2);
  });

  it('formats a ratio axis as percent, money abbreviated with B for billions, counts and minutes with separators', () => {
    expect(layer(specOf(refundChart()), 'line', 'value').encoding.y).toMatchObject({ axis: { format: '.1~%' } });
    const currency = layer(specOf(refundChart({ unit: 'currency' })), 'line', 'value').encoding.y as {
      axis: { labelExpr: string };
    };
    expect(currency.axis.labelExpr).toContain("'G', 'B'");
    expect(layer(specOf(refundChart({ unit: 'count' })), 'line', 'value').encoding.y).toMatchObject({
      axis: { format: ',.0f' },
    });
    expect(layer(specOf(refundChart({ unit: 'minutes' })), 'line', 'value').encoding.y).toMatchObject({
      axis: { format: ',.0f', title: 'minutes' },
    });
  });

  it('embeds the data inline and loads nothing', () => {
    const spec = specOf(refundChart());
    expect(spec.data.values).toHaveLength(28 * 24);
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
  });

  it('shifts times to the wall clock of the time zone and names it on the axis; an unknown zone falls back to UTC', () => {
    const jakarta = specOf(refundChart());
    expect(jakarta.data.values[0]!.t).toBe(START + 7 * HOUR);
    expect(jakarta.encoding.x.axis.title).toBe('Time (Asia/Jakarta)');
    const bad = specOf(refundChart({ timezone: 'Mars/Olympus' }));
    expect(bad.data.values[0]!.t).toBe(START);
    expect(bad.encoding.x.axis.title).toBe('Time (UTC)');
  });

  it('draws a "no data" chart, with the title, when there are no points or no values', () => {
    for (const points of [[], [{ t: START, value: null, expected: 0.01 }]]) {
      const spec = metricBandSpec(refundChart({ points })) as unknown as {
        mark: { type: string };
        data: { values: unknown[] };
        title: { text: string };
      };
      expect(spec.mark.type).toBe('text');
      expect(spec.data.values).toEqual([{ message: NO_DATA_TEXT }]);
      expect(spec.title.text).toBe('Refund rate');
    }
  });

  it(`downsamples above ${MAX_CHART_POINTS} points`, () => {
    const points = hourlyPoints(10_000, 20);
    const spec = specOf(refundChart({ points }));
    expect(spec.data.values.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    const marked = points.filter((p) => p.anomalous && p.value !== null).length;
    expect(marked).toBeGreaterThan(15);
    expect(spec.data.values.filter((v) => v.anomalous)).toHaveLength(marked);
  });
});

describe('downsamplePoints', () => {
  it('leaves short series alone, in time order', () => {
    const points = hourlyPoints(10).reverse();
    expect(downsamplePoints(points).map((p) => p.t)).toEqual(hourlyPoints(10).map((p) => p.t));
  });

  it('keeps every anomaly, the highest and lowest values, and time order, within the ceiling', () => {
    const points = hourlyPoints(50_000, 30);
    points[12_345]!.value = 0.5;
    points[23_456]!.value = -0.5;
    const kept = downsamplePoints(points, 1000);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept.filter((p) => p.anomalous)).toHaveLength(30);
    expect(kept.map((p) => p.value)).toEqual(expect.arrayContaining([0.5, -0.5]));
    expect(kept.map((p) => p.t)).toEqual([...kept.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('caps anomalies at a quarter of the budget, keeping the newest', () => {
    const points = hourlyPoints(5000, 5000);
    const kept = downsamplePoints(points, 400);
    expect(kept.length).toBeLessThanOrEqual(400);
    expect(kept.at(-1)!.t).toBe(points.at(-1)!.t);
  });
});

function band(spec: Spec): { domain: string[]; range: string[] } {
  return layer(spec, 'area', 'low').encoding.color!.scale as { domain: string[]; range: string[] };
}
