// localizeRootCauses on small synthetic cubes with planted causes, and its figures on a hand-computed example.
import { describe, expect, it } from 'vitest';
import { localizeRootCauses } from '../../src/rca/localize-root-causes.ts';
import type { RcaAdditiveLeaf, RcaRatioLeaf } from '../../src/rca/rca-types.ts';

// Deterministic noise in [-1, 1), so the tests never flake.
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

const DIMS = ['a', 'b', 'c'];
const SIZES = [5, 6, 4];

function additiveCube(effect: (v: string[]) => number): RcaAdditiveLeaf[] {
  const leaves: RcaAdditiveLeaf[] = [];
  let i = 0;
  for (let a = 0; a < SIZES[0]!; a++)
    for (let b = 0; b < SIZES[1]!; b++)
      for (let c = 0; c < SIZES[2]!; c++) {
        const values = [`a${a}`, `b${b}`, `c${c}`];
        const expected = 100 + 50 * noise(i++);
        leaves.push({ values, expected, actual: expected * (1 + 0.01 * noise(i++)) * effect(values) });
      }
  return leaves;
}

const keys = (causes: Array<{ elements: Record<string, string> }>): string[] =>
  causes.map((c) =>
    Object.entries(c.elements)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  );

describe('localizeRootCauses, additive', () => {
  it('finds a planted one-attribute cause at rank 1', () => {
    const leaves = additiveCube((v) => (v[0] === 'a2' ? 0.5 : 1));
    const causes = localizeRootCauses({ dims: DIMS, measure: { kind: 'additive' }, leaves });
    expect(keys(causes)[0]).toBe('a=a2');
    expect(causes[0]!.contribution).toBeGreaterThan(0.9);
  });

  it('finds a planted two-attribute conjunction, not either attribute alone', () => {
    const leaves = additiveCube((v) => (v[0] === 'a1' && v[1] === 'b3' ? 1.8 : 1));
    const causes = localizeRootCauses({ dims: DIMS, measure: { kind: 'additive' }, leaves });
    expect(keys(causes)[0]).toBe('a=a1&b=b3');
    expect(keys(causes)).not.toContain('a=a1');
    expect(keys(causes)).not.toContain('b=b3');
  });

  it('finds two separate causes in different dimensions', () => {
    const leaves = additiveCube((v) => (v[0] === 'a0' || v[2] === 'c3' ? 0.4 : 1));
    const causes = localizeRootCauses({ dims: DIMS, measure: { kind: 'additive' }, leaves });
    expect(new Set(keys(causes).slice(0, 2))).toEqual(new Set(['a=a0', 'c=c3']));
    expect(causes[0]!.score).toBeGreaterThanOrEqual(causes[1]!.score);
  });

  it('returns no causes when nothing changed', () => {
    const leaves = additiveCube(() => 1).map((l) => ({ ...l, actual: l.expected }));
    expect(localizeRootCauses({ dims: DIMS, measure: { kind: 'additive' }, leaves })).toEqual([]);
  });

  it('reports baseline, current, change, contribution and baseline share of the slice', () => {
    const leaves: RcaAdditiveLeaf[] = [
      { values: ['jakarta', 'spa'], expected: 30, actual: 60 },
      { values: ['jakarta', 'food'], expected: 20, actual: 40 },
      { values: ['bandung', 'spa'], expected: 25, actual: 30 },
      { values: ['bandung', 'food'], expected: 25, actual: 25 },
    ];
    const causes = localizeRootCauses({ dims: ['city', 'category'], measure: { kind: 'additive' }, leaves });
    expect(causes).toHaveLength(1);
    const [c] = causes;
    expect(c!.elements).toEqual({ city: 'jakarta' });
    expect(c!.baseline).toBe(50);
    expect(c!.current).toBe(100);
    expect(c!.change).toBe(50);
    // The total went from 100 to 155; jakarta's +50 is 50/55 of that.
    expect(c!.contribution).toBeCloseTo(50 / 55, 12);
    expect(c!.baselineShare).toBeCloseTo(0.5, 12);
  });

  it('rejects a leaf with the wrong number of values', () => {
    expect(() =>
      localizeRootCauses({
        dims: ['a', 'b'],
        measure: { kind: 'additive' },
        leaves: [{ values: ['x'], actual: 1, expected: 1 }],
      }),
    ).toThrow(expect.objectContaining({ code: 'vigil_rca_bad_input' }));
  });
});

describe('localizeRootCauses, ratio', () => {
  const cities = ['jakarta', 'bandung', 'surabaya', 'medan'];
  const categories = ['spa', 'food', 'salon', 'gym', 'cinema'];
  function ratioCube(): RcaRatioLeaf[] {
    const leaves: RcaRatioLeaf[] = [];
    let i = 0;
    for (const city of cities)
      for (const category of categories) {
        // Surabaya refunds more (10%) than the rest (5%) all along; its volume triples (a mix shift).
        const rate = city === 'surabaya' ? 0.1 : 0.05;
        const expectedDen = 1000 + 200 * noise(i++);
        const den = expectedDen * (city === 'surabaya' ? 3 : 1) * (1 + 0.01 * noise(i++));
        const actualRate = (city === 'jakarta' ? 0.15 : rate) * (1 + 0.02 * noise(i++));
        leaves.push({
          values: [city, category],
          expectedDen,
          expectedNum: rate * expectedDen,
          den,
          num: actualRate * den,
        });
      }
    return leaves;
  }

  it('blames the slice whose rate rose, not the one whose volume shifted', () => {
    const leaves = ratioCube();
    const causes = localizeRootCauses({ dims: ['city', 'category'], measure: { kind: 'ratio' }, leaves });
    expect(keys(causes)[0]).toBe('city=jakarta');
    expect(keys(causes).some((k) => k.includes('surabaya'))).toBe(false);
    const jakarta = leaves.filter((l) => l.values[0] === 'jakarta');
    const sum = (f: (l: RcaRatioLeaf) => number): number => jakarta.reduce((a, l) => a + f(l), 0);
    expect(causes[0]!.baseline).toBeCloseTo(sum((l) => l.expectedNum) / sum((l) => l.expectedDen), 12);
    expect(causes[0]!.current).toBeCloseTo(sum((l) => l.num) / sum((l) => l.den), 12);
    expect(causes[0]!.current).toBeGreaterThan(0.14);
    expect(causes[0]!.baselineShare).toBeCloseTo(
      sum((l) => l.expectedDen) / leaves.reduce((a, l) => a + l.expectedDen, 0),
      12,
    );
  });

  it('returns no causes when no rate changed, whatever the volumes did', () => {
    const leaves = ratioCube().map((l) => ({ ...l, num: (l.expectedNum / l.expectedDen) * l.den }));
    expect(localizeRootCauses({ dims: ['city', 'category'], measure: { kind: 'ratio' }, leaves })).toEqual([]);
  });
});

describe('localizeRootCauses, small cubes', () => {
  it('fixes the one moved leaf of a 4-leaf ratio cube, not its city', () => {
    const leaf = (city: string, shop: string, num: number): RcaRatioLeaf => ({
      values: [city, shop],
      num,
      den: 50,
      expectedNum: 3,
      expectedDen: 50,
    });
    const causes = localizeRootCauses({
      dims: ['city', 'shop'],
      measure: { kind: 'ratio' },
      leaves: [leaf('jakarta', 's0', 3), leaf('jakarta', 's1', 31), leaf('bandung', 's2', 3), leaf('bandung', 's3', 3)],
    });
    expect(causes.length).toBeGreaterThan(0);
    expect(causes[0]!.elements.shop).toBe('s1');
    expect(keys(causes)).not.toContain('city=jakarta');
    // The total rate went from 6% to 20%; s1 alone moved it all the way: contribution 1.
    expect(causes[0]!.contribution).toBeCloseTo(1, 12);
    expect(causes[0]!.baseline).toBeCloseTo(0.06, 12);
    expect(causes[0]!.current).toBeCloseTo(0.62, 12);
  });

  it('finds one city doubling in a 1-D additive cube of 4 cities', () => {
    const leaves: RcaAdditiveLeaf[] = ['jakarta', 'bandung', 'surabaya', 'medan'].map((city, i) => ({
      values: [city],
      expected: 100 + 10 * i,
      actual: (100 + 10 * i) * (city === 'surabaya' ? 2 : 1),
    }));
    const causes = localizeRootCauses({ dims: ['city'], measure: { kind: 'additive' }, leaves });
    expect(keys(causes)).toEqual(['city=surabaya']);
  });

  it('finds one city doubling in a 1-D ratio cube of 4 cities, with a little noise elsewhere', () => {
    const leaves: RcaRatioLeaf[] = ['jakarta', 'bandung', 'surabaya', 'medan'].map((city, i) => ({
      values: [city],
      expectedNum: 50,
      expectedDen: 1000,
      den: 1000,
      num: city === 'bandung' ? 100 : 50 + (i - 1.5),
    }));
    const causes = localizeRootCauses({ dims: ['city'], measure: { kind: 'ratio' }, leaves });
    expect(keys(causes)).toEqual(['city=bandung']);
  });

  it('finds a single moved leaf in a tiny additive cube', () => {
    const leaves: RcaAdditiveLeaf[] = [];
    for (const city of ['jakarta', 'bandung'])
      for (const category of ['spa', 'food', 'gym']) {
        leaves.push({
          values: [city, category],
          expected: 40,
          actual: city === 'bandung' && category === 'gym' ? 90 : 40,
        });
      }
    const causes = localizeRootCauses({ dims: ['city', 'category'], measure: { kind: 'additive' }, leaves });
    expect(keys(causes)).toEqual(['city=bandung&category=gym']);
  });

  it('gives a negative contribution to a rate rise when the total rate fell (here by a mix shift)', () => {
    // Jakarta's rate rises 5% -> 6%; Bandung keeps its 1% but quadruples its volume, so the total falls 3% -> 2%.
    const leaves: RcaRatioLeaf[] = [
      { values: ['jakarta'], expectedNum: 50, expectedDen: 1000, num: 60, den: 1000 },
      { values: ['bandung'], expectedNum: 10, expectedDen: 1000, num: 40, den: 4000 },
    ];
    const causes = localizeRootCauses({ dims: ['city'], measure: { kind: 'ratio' }, leaves });
    expect(keys(causes)).toEqual(['city=jakarta']);
    // Jakarta alone would lift the total to 70 / 2000 = 3.5% (+0.5 pp) while it moved -1 pp: -0.5.
    expect(causes[0]!.contribution).toBeCloseTo(-0.5, 12);
    expect(causes[0]!.change).toBeCloseTo(0.01, 12);
  });
});
