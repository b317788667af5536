import { describe, expect, it } from 'vitest';
import { checkNumbers, findNumbers } from '../../src/numbers/check-numbers.ts';
import { compareWindows, measureValue } from '../../src/playbooks/compare-windows.ts';
import { rankExcess } from '../../src/playbooks/rank-excess.ts';
import { renderTemplate } from '../../src/playbooks/render-template.ts';

describe('compareWindows', () => {
  it('compares a rate with the median of its baselines, with sampling noise as the floor of the spread', () => {
    const c = compareWindows(
      measureValue(80, 1000, null, true),
      [10, 11, 9, 10].map((n) => measureValue(n, 1000, null, true)),
    );
    expect(c.current).toBeCloseTo(0.08);
    expect(c.baseline).toBeCloseTo(0.01);
    expect(c.changePct).toBeCloseTo(7);
    // MAD of 9..11 per mille is 0.7 per mille; binomial sd at 1% of 1000 is 3.1 per mille, which wins.
    expect(c.z).toBeCloseTo(0.07 / Math.sqrt((0.01 * 0.99) / 1000), 3);
  });

  it('gives no change when the window or every baseline is empty', () => {
    expect(compareWindows({ value: null }, [{ value: 3 }])).toMatchObject({ change: null, z: null, baseline: 3 });
    expect(compareWindows({ value: 3 }, [{ value: null }])).toMatchObject({ change: null, baseline: null });
  });

  it('reads numeric text as pg returns it', () => {
    expect(measureValue(null, null, '12.5', false).value).toBe(12.5);
    expect(measureValue('5', '0', null, true).value).toBeNull();
  });
});

describe('rankExcess', () => {
  const rows = [
    { m: 'a', refunds: 9, orders: 10 },
    { m: 'b', refunds: 2, orders: 100 },
    { m: 'c', refunds: 4, orders: 30 },
    { m: 'd', refunds: 0, orders: 60 },
  ];

  it('ranks by refunds above the pooled rate times orders, with a Wilson bound', () => {
    const r = rankExcess(rows, {
      key: ['m'],
      events: 'refunds',
      exposure: 'orders',
      n: 10,
      minEvents: 1,
      confidence: 0.95,
      extra: [],
    });
    expect(r.pooledRate).toBeCloseTo(15 / 200);
    expect(r.top.map((t) => t.m)).toEqual(['a', 'c']);
    expect(r.top[0]!.excess).toBeCloseTo(9 - 0.075 * 10);
    expect(r.top[0]!.significant).toBe(true);
    expect(r.top[1]!.significant).toBe(false);
    expect(r.totalExcess).toBeCloseTo(8.25 + 1.75);
  });

  it("uses each row's own expected rate when given, and keeps the top n", () => {
    const own = rows.map((x) => ({ ...x, base: x.m === 'a' ? 0.95 : 0.01 }));
    const r = rankExcess(own, {
      key: ['m'],
      events: 'refunds',
      exposure: 'orders',
      expectedRate: 'base',
      n: 1,
      minEvents: 1,
      confidence: 0.95,
      extra: ['base'],
    });
    expect(r.top).toHaveLength(1);
    expect(r.top[0]).toMatchObject({ m: 'c', base: 0.01 });
    expect(r.candidates).toBe(2);
  });
});

describe('renderTemplate', () => {
  it('reads params, first rows and row counts with number filters', () => {
    const text = renderTemplate(
      '{{params.city}}: {{rate.current | pct}} vs {{rate.baseline|pct}}, {{top.rows}} merchants, {{rate.n | int}} orders, {{params.slice}}, {{gone.x}}',
      {
        params: { city: 'jakarta', slice: { city: 'jakarta', category: 'spa' } },
        steps: {
          rate: { firstRow: { current: 0.0425, baseline: 0.011, n: '12345' }, rows: 1 },
          top: { firstRow: undefined, rows: 3 },
        },
      },
    );
    expect(text).toBe('jakarta: 4.25% vs 1.1%, 3 merchants, 12,345 orders, city=jakarta, category=spa, n/a');
  });
});

describe('checkNumbers', () => {
  it('finds figures with their precision, percentages, money and separators', () => {
    expect(
      findNumbers('rate 4.25% vs $1,234.5, z -3.2, 12k orders, <@U123> on 2026-11-20').map((f) => [
        f.value,
        f.percent,
        f.decimals,
      ]),
    ).toEqual([
      [4.25, true, 2],
      [1234.5, false, 1],
      [-3.2, false, 1],
      [12_000, false, -1],
    ]);
  });

  it('leaves digits inside identifiers alone', () => {
    expect(findNumbers('merchant_id=27003 and vendor-2 (#12, cdn/3) moved 4%').map((f) => f.text)).toEqual(['4%']);
  });

  it('accepts figures printed from the facts and names the ones that are not', () => {
    const facts = [0.0425, 1234.49, -3.21, 11_800];
    expect(checkNumbers('rate 4.25% vs $1,234.5, z -3.2, 12k orders', facts)).toMatchObject({ ok: true, checked: 4 });
    const bad = checkNumbers('rate 4.5% and 17 merchants', facts);
    expect(bad.ok).toBe(false);
    expect(bad.unmatched.map((u) => u.text)).toEqual(['4.5%', '17']);
  });
});

describe('compareWindows on counts', () => {
  it('gives a z against a flat zero baseline from Poisson noise', () => {
    const c = compareWindows({ value: 12 }, [{ value: 0 }, { value: 0 }, { value: 0 }, { value: 0 }], true);
    expect(c.z).toBeCloseTo(12);
    expect(compareWindows({ value: 12 }, [{ value: 0 }, { value: 0 }, { value: 0 }]).z).toBeNull();
  });
});
