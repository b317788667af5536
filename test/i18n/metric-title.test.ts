import { describe, expect, it } from 'vitest';
import { metricTitleIn } from '../../src/i18n/metric-title.ts';
import { catalogSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';

const metric = {
  id: 'refund_rate',
  description: 'Refunds / orders.',
  kind: 'ratio',
  grain: 'hour',
  bad: 'up',
  sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
};

describe('metricTitleIn', () => {
  const [refunds] = catalogSchema.parse([{ ...metric, title: { en: 'Refund rate', id: 'Tingkat refund' } }]);

  it('gives the title in the language the catalog has it in', () => {
    expect(metricTitleIn(refunds!, 'id')).toBe('Tingkat refund');
    expect(metricTitleIn(refunds!, 'en')).toBe('Refund rate');
  });

  it('falls back to English for a language without a title', () => {
    expect(metricTitleIn(refunds!, 'th')).toBe('Refund rate');
    expect(metricTitleIn({ title: 'Order volume' }, 'vi')).toBe('Order volume');
    expect(metricTitleIn({ title: 'Order volume', titles: { en: 'Order volume' } }, 'fil')).toBe('Order volume');
  });

  it('gives the demo catalog its Indonesian titles, English kept', () => {
    const demo = demoCatalog();
    for (const m of demo) {
      expect(metricTitleIn(m, 'id'), m.id).not.toBe(m.title);
      expect(metricTitleIn(m, 'en'), m.id).toBe(m.title);
      expect(metricTitleIn(m, 'ms'), m.id).toBe(m.title);
    }
  });
});
