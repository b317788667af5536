import { describe, expect, it } from 'vitest';
import { METRICS, measureIncident, metricQuery } from '../../src/demo/demo-metrics.ts';
import { METRIC_IDS } from '../../src/demo/incident-types.ts';
import { VigilError } from '../../src/errors.ts';

const from = new Date('2025-05-01T00:00:00Z');
const to = new Date('2025-05-02T00:00:00Z');

describe('metric definitions', () => {
  it('define every metric id, each with a direction and a description', () => {
    expect(Object.keys(METRICS).sort()).toEqual([...METRIC_IDS].sort());
    for (const def of Object.values(METRICS)) {
      expect(['up', 'down']).toContain(def.bad);
      expect(def.description).toMatch(/\//);
    }
  });

  it('bind times and slice values as parameters and never put values into the SQL text', () => {
    const evil = "jakarta'; DROP SCHEMA warehouse; --";
    const q = metricQuery('refund_rate', { city: evil, category: 'spa' }, from, to);
    expect(q.text).not.toContain(evil);
    expect(q.text).not.toContain('spa');
    // Keys are bound in sorted order after the window: $3 = category, $4 = city.
    expect(q.values).toEqual([from.toISOString(), to.toISOString(), 'spa', evil]);
    expect(q.text).toMatch(/o\.category_l2 = \$3/);
    expect(q.text).toMatch(/c\.slug = \$4/);
  });

  it("rejects slice keys outside a metric's whitelist, naming the allowed ones", () => {
    const attempt = () => metricQuery('refund_rate', { vendor: 'vendor-a' }, from, to);
    expect(attempt).toThrow(VigilError);
    expect(attempt).toThrow(/cannot be sliced by "vendor"/);
    try {
      attempt();
    } catch (err) {
      expect((err as VigilError).code).toBe('vigil_metric_bad_slice');
      expect((err as VigilError).hint).toContain('city');
    }
    expect(() => metricQuery('order_volume', { 'o.city_id = 1 OR true': 'x' }, from, to)).toThrow(VigilError);
    expect(() => metricQuery('order_volume', { toString: 'x' }, from, to)).toThrow(VigilError);
    // complaint_rate divides tickets by orders, so only slices both carry are allowed.
    expect(() => metricQuery('complaint_rate', { language: 'id' }, from, to)).toThrow(VigilError);
    expect(() => metricQuery('complaint_rate', { city: 'jakarta' }, from, to)).not.toThrow();
  });

  it('rejects an unknown metric with vigil_metric_unknown', async () => {
    const incident = {
      id: 'x',
      kind: 'x',
      metric: 'nps',
      slice: {},
      start: from.toISOString(),
      end: to.toISOString(),
      cause: '',
    };
    const db = { query: async () => ({ rows: [] }) };
    await expect(measureIncident(db, incident)).rejects.toMatchObject({ code: 'vigil_metric_unknown' });
  });
});
