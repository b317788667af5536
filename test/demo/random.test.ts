import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable, deriveSeed, mix32 } from '../../src/demo/random.ts';

function draws(rng: Rng, n: number, f: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => f(rng));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('Rng', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = draws(new Rng(42), 100, (r) => r.next());
    expect(draws(new Rng(42), 100, (r) => r.next())).toEqual(a);
    expect(draws(new Rng(43), 100, (r) => r.next())).not.toEqual(a);
  });

  it('pins the first values, so a change to the generator (and so to every seeded demo) is deliberate', () => {
    const rng = new Rng(deriveSeed(1, 'orders', 0));
    expect(draws(rng, 3, (r) => Math.floor(r.next() * 1e6))).toEqual([653437, 485484, 324838]);
  });

  it('draws uniforms in [0, 1) with the right mean and spread', () => {
    const xs = draws(new Rng(7), 100_000, (r) => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    const buckets = new Array<number>(10).fill(0);
    for (const x of xs) buckets[Math.floor(x * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('draws normals with mean 0 and standard deviation 1', () => {
    const xs = draws(new Rng(8), 100_000, (r) => r.normal());
    const m = mean(xs);
    expect(m).toBeCloseTo(0, 1);
    expect(Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))).toBeCloseTo(1, 1);
  });

  it('draws Poisson counts whose mean and variance match lambda, small and large', () => {
    for (const lambda of [0.3, 4, 120]) {
      const xs = draws(new Rng(9), 50_000, (r) => r.poisson(lambda));
      const m = mean(xs);
      expect(Math.abs(m - lambda) / lambda).toBeLessThan(0.03);
      expect(Math.abs(mean(xs.map((x) => (x - m) ** 2)) - lambda) / lambda).toBeLessThan(0.06);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    expect(new Rng(1).poisson(0)).toBe(0);
  });

  it('draws log-normals around their median and heavy-tailed Paretos', () => {
    const logs = draws(new Rng(10), 20_001, (r) => r.lognormal(30, 0.8)).sort((a, b) => a - b);
    expect(logs[10_000]! / 30).toBeGreaterThan(0.95);
    expect(logs[10_000]! / 30).toBeLessThan(1.05);
    const sizes = draws(new Rng(11), 50_000, (r) => r.pareto(1, 1.05));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    // P(X > 10) = 10^-1.05, about 8.9%: most are small, a few are huge.
    expect(sizes.filter((s) => s > 10).length / sizes.length).toBeCloseTo(0.089, 1);
    expect(Math.max(...sizes)).toBeGreaterThan(1000);
  });

  it('picks, samples without repeats, and makes hex of the requested length', () => {
    const rng = new Rng(12);
    const items = ['a', 'b', 'c', 'd', 'e'];
    const sample = rng.sample(items, 3);
    expect(new Set(sample).size).toBe(3);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(items).toContain(rng.pick(items));
    expect(rng.hex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(rng.hex(3)).toMatch(/^[0-9a-f]{6}$/);
  });
});

describe('deriveSeed and mix32', () => {
  it('gives independent streams per label and keeps high seed bits', () => {
    const seeds = new Set([
      deriveSeed(1, 'orders', 0),
      deriveSeed(1, 'orders', 1),
      deriveSeed(1, 'content', 0),
      deriveSeed(2, 'orders', 0),
      deriveSeed(1 + 2 ** 32, 'orders', 0),
    ]);
    expect(seeds.size).toBe(5);
    expect(deriveSeed(1, 'orders', 0)).toBe(deriveSeed(1, 'orders', 0));
  });

  it('maps integers to unsigned 32-bit values', () => {
    for (const x of [0, 1, -1, 2 ** 31, 123456789]) {
      const h = mix32(x);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
    expect(mix32(1)).not.toBe(mix32(2));
  });
});

describe('WeightedTable', () => {
  it('draws items in proportion to their weights and never a zero-weight one', () => {
    const table = WeightedTable.of([
      ['x', 1],
      ['never', 0],
      ['y', 3],
    ] as const);
    const rng = new Rng(13);
    const counts: Record<string, number> = { x: 0, y: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.draw(rng)]!++;
    expect(counts.never).toBe(0);
    expect(counts.y! / counts.x!).toBeGreaterThan(2.8);
    expect(counts.y! / counts.x!).toBeLessThan(3.2);
    expect(table.at(0)).toBe('x');
    expect(table.at(0.999)).toBe('y');
  });
});
