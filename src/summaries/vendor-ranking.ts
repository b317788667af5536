// The vendor scorecard worst first: a vendor ranks by how many of its figures are worse than their
// column's target, then by its largest shortfall relative to a target. Pure.
import type { DigestFacts } from './digest-facts-schema.ts';
import { missesTarget } from './misses-target.ts';

type Vendors = NonNullable<DigestFacts['vendors']>;

/** A vendor's row and the column keys where it is worse than the target. */
export interface RankedVendor {
  row: Vendors['rows'][number];
  worse: Set<string>;
  shortfall: number;
}

/** The rows worst first, each with the columns it misses the target on. */
export function vendorsWorstFirst(v: Vendors): RankedVendor[] {
  const ranked = v.rows.map((row) => {
    const worse = new Set<string>();
    let shortfall = 0;
    for (const c of v.columns) {
      const value = row.values[c.key];
      if (typeof value !== 'number' || c.target === undefined || c.target === null) continue;
      const gap = c.bad === 'up' ? value - c.target : c.target - value;
      if (missesTarget(value, c.target, c.bad, c.unit)) {
        worse.add(c.key);
        shortfall = Math.max(shortfall, c.target === 0 ? gap : gap / Math.abs(c.target));
      }
    }
    return { row, worse, shortfall };
  });
  return ranked.sort(
    (a, b) => b.worse.size - a.worse.size || b.shortfall - a.shortfall || a.row.vendor.localeCompare(b.row.vendor),
  );
}
