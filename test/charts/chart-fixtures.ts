// A month of hourly refund-rate points with a spike at the end, as the detector would hand them to the chart.
import type { ChartPoint } from '../../src/charts/downsample-points.ts';
import type { MetricBandChart } from '../../src/charts/metric-band-spec.ts';

export const START = Date.UTC(2025, 3, 3);
export const HOUR = 3_600_000;

/** `n` hourly points; the last `spike` of them jump well above the band and are marked anomalous. */
export function hourlyPoints(n = 28 * 24, spike = 6): ChartPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const expected = 0.01 + 0.003 * Math.sin((i / 24) * 2 * Math.PI);
    const anomalous = i >= n - spike;
    const value = i % 97 === 5 ? null : expected + (anomalous ? 0.03 : (((i * 7919) % 13) / 13) * 0.002 - 0.001);
    return { t: START + i * HOUR, value, expected, low: expected - 0.002, high: expected + 0.002, anomalous };
  });
}

/** The refund-rate chart of the fixtures. */
export function refundChart(overrides: Partial<MetricBandChart> = {}): MetricBandChart {
  return {
    title: 'Refund rate',
    subtitle: 'city=jakarta · last 4 weeks',
    unit: 'ratio',
    timezone: 'Asia/Jakarta',
    points: hourlyPoints(),
    ...overrides,
  };
}
