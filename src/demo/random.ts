// Seeded pseudo-random numbers for the demo marketplace: a counter-based 32-bit generator, so the
// same seed gives the same stream on every run and platform, and streams can be split by label.

const TWO_32 = 4294967296;
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Scrambles a 32-bit integer into a well-mixed unsigned 32-bit value (stable hashing of ids). */
export function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit seed for one independent stream, e.g. deriveSeed(seed, 'orders', day). */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  // Seeds above 2^32 keep their high bits rather than wrapping silently.
  let h = mix32(mix32(seed % TWO_32) ^ mix32(Math.floor(seed / TWO_32) + 0x3c6ef372));
  for (const label of labels) {
    const text = String(label);
    for (let i = 0; i < text.length; i++) h = mix32(h ^ (text.charCodeAt(i) + 0x9e3779b9));
    h = mix32(h ^ 0x5f356495);
  }
  return h;
}

/** A seeded generator with the draws the demo needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    // A Weyl sequence (odd increment visits all 2^32 states) run through the mixer.
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and log-space spread. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Pareto (heavy tail) with minimum xm and shape alpha. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Poisson count with mean lambda (normal approximation for large means). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** `count` distinct elements of a list (count <= length), in draw order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    for (let i = 0; i < count && pool.length > 0; i++) out.push(pool.splice(this.int(pool.length), 1)[0]!);
    return out;
  }

  /** Lower-case hex string of `bytes` random bytes. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i += 4) {
      const x = this.nextUint32();
      for (let j = 0; j < 4 && i + j < bytes; j++) out += HEX_BYTES[(x >>> (8 * j)) & 255];
    }
    return out;
  }
}

/** A fixed weighted choice over items, sampled by binary search on cumulative weights. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += Math.max(0, weights[i] ?? 0);
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** Builds a table from [item, weight] pairs. */
  static of<T>(pairs: readonly (readonly [T, number])[]): WeightedTable<T> {
    return new WeightedTable(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }

  /** One item, with probability proportional to its weight. */
  draw(rng: Rng): T {
    return this.items[this.indexAt(rng.next() * this.total)]!;
  }

  /** The item a uniform value in [0, 1) maps to (for hash-based, stream-free choices). */
  at(u: number): T {
    return this.items[this.indexAt(u * this.total)]!;
  }

  private indexAt(target: number): number {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
