// The top step's arithmetic: events above what each row's exposure predicts (refunds above a merchant's
// expected rate), ranked, with a Wilson lower bound saying whether the excess is more than noise. Pure.
import { normalQuantile, wilsonInterval } from '../detect/rate-significance.ts';
import { toNumber } from './compare-windows.ts';

/** How to read and rank the rows. */
export interface ExcessOptions {
  key: readonly string[];
  events: string;
  exposure: string;
  expectedRate?: string;
  n: number;
  minEvents: number;
  confidence: number;
  extra: readonly string[];
}

/** One ranked row. */
export interface ExcessRow {
  [column: string]: unknown;
  events: number;
  exposure: number;
  rate: number | null;
  expected_rate: number;
  expected: number;
  excess: number;
  wilson_low: number | null;
  /** The rate's lower bound is above the expected rate. */
  significant: boolean;
}

/** The top rows by excess, the pooled rate used where a row has none, and the excess over all rows. */
export function rankExcess(
  rows: readonly Record<string, unknown>[],
  opts: ExcessOptions,
): { top: ExcessRow[]; pooledRate: number; totalExcess: number; candidates: number } {
  let events = 0;
  let exposure = 0;
  for (const r of rows) {
    events += toNumber(r[opts.events]) ?? 0;
    exposure += toNumber(r[opts.exposure]) ?? 0;
  }
  const pooledRate = exposure > 0 ? events / exposure : 0;
  const z = normalQuantile(opts.confidence);
  const ranked: ExcessRow[] = [];
  let totalExcess = 0;
  for (const r of rows) {
    const e = toNumber(r[opts.events]) ?? 0;
    const n = toNumber(r[opts.exposure]) ?? 0;
    const expectedRate = (opts.expectedRate ? toNumber(r[opts.expectedRate]) : null) ?? pooledRate;
    const expected = expectedRate * n;
    const excess = e - expected;
    if (excess > 0) totalExcess += excess;
    if (e < opts.minEvents || excess <= 0) continue;
    // A rate only has a Wilson bound when events are a share of the exposure.
    const low = n > 0 && e <= n ? wilsonInterval(e, n, z).low : null;
    const row: ExcessRow = {
      events: e,
      exposure: n,
      rate: n > 0 ? e / n : null,
      expected_rate: expectedRate,
      expected,
      excess,
      wilson_low: low,
      significant: low !== null ? low > expectedRate : excess > 3 * Math.sqrt(Math.max(expected, 1)),
    };
    for (const k of opts.key) row[k] = r[k];
    for (const k of opts.extra) row[k] = r[k];
    ranked.push(row);
  }
  ranked.sort((a, b) => b.excess - a.excess);
  return { top: ranked.slice(0, opts.n), pooledRate, totalExcess, candidates: ranked.length };
}
