import { describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import type { MetricView } from '../../src/watch/fetch-metric-view.ts';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { ownerMention, renderMetricList } from '../../src/blocks/render-metric-list.ts';
import { metricStatus, renderMetricView } from '../../src/blocks/render-metric-view.ts';

const metric = metricSchema.parse({
  id: 'refund_rate',
  title: 'Refund rate',
  description: 'refunds / orders',
  kind: 'ratio',
  grain: 'hour',
  bad: 'up',
  owner: 'U0OWNER1',
  slices: [[], ['city'], ['city', 'category']],
  sql: 'SELECT 1 AS bucket, 1 AS numerator, 1 AS denominator',
  target: 0.01,
});
const AT = Date.parse('2026-03-01T23:00:00Z');
const judgement = {
  observed: 0.041,
  expected: 0.01,
  low: 0.006,
  high: 0.014,
  z: 9,
  score: 0.9,
  anomalous: true,
  healthy: false,
  reason: 'above the band & rising',
};
const view = (over: Partial<MetricView> = {}): MetricView => ({
  metric,
  slice: { city: 'jakarta' },
  windowMs: 7 * 86_400_000,
  firing: false,
  points: [
    { t: AT - 3_600_000, value: 0.01 },
    { t: AT, value: 0.041, anomalous: true },
    { t: AT + 3_600_000, value: null },
  ],
  latest: { at: AT, judgement },
  ...over,
});

describe('renderMetricView', () => {
  it('shows current vs expected, the band, the status and the window', () => {
    const msg = renderMetricView(view(), 'UTC');
    assertWithinLimits(msg.blocks, msg.text);
    const all = JSON.stringify(msg.blocks);
    expect(all).toContain('*Refund rate* (`refund_rate`) · city=jakarta');
    expect(all).toContain('*Current*\\n4.1% vs 1.0% expected (+3.1 pt)');
    expect(all).toContain('*Expected band*\\n0.60% – 1.4%');
    expect(all).toContain(':red_circle: anomalous: above the band &amp; rising');
    expect(all).toContain('"last 7d"},{"type":"mrkdwn","text":"2 of 3 buckets with data"}');
    expect(msg.text).toBe(
      'Refund rate (city=jakarta): 4.1% vs 1.0% expected (+3.1 pt), band 0.60%–1.4%; anomalous: above the band &amp; rising',
    );
  });

  it('says when an alert is running, when nothing could be judged, and why there is no chart', () => {
    expect(metricStatus(view({ firing: true, firingSince: AT - 7_200_000 }))).toBe(
      ':rotating_light: alerting: above the band & rising',
    );
    expect(metricStatus(view({ latest: { at: AT, judgement: { ...judgement, anomalous: false } } }))).toBe(
      ':large_green_circle: within the expected band',
    );
    const none = renderMetricView(
      view({ latest: { at: AT, judgement: null } }),
      'UTC',
      'No chart: Slack refused the chart upload: not_in_channel.',
    );
    assertWithinLimits(none.blocks, none.text);
    expect(none.text).toMatch(/no data, band n\/a; not judged/);
    expect(JSON.stringify(none.blocks)).toContain(':warning: No chart: Slack refused');
  });
});

describe('renderMetricList', () => {
  it('lists id, title, grain, owner and dimensions, within limits for a big catalog', () => {
    const msg = renderMetricList([metric]);
    expect(JSON.stringify(msg.blocks)).toContain(
      '`refund_rate` *Refund rate* · hour · <@U0OWNER1> · by city, category',
    );
    const big = renderMetricList(
      Array.from({ length: 400 }, (_, i) => ({ ...metric, id: `m_${i}`, title: 'x'.repeat(80) })),
    );
    assertWithinLimits(big.blocks, big.text);
    expect(ownerMention('<!subteam^S0GNE|gne>')).toBe('<!subteam^S0GNE>');
    expect(ownerMention(undefined)).toBe('no owner');
  });
});
