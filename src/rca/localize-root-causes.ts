// Multi-dimensional root-cause localisation: which dimension-value combinations explain a change in a total.
//
// Design from the literature (no code copied):
// - RiskLoc (M. Kalander, "RiskLoc: Localization of Multi-dimensional Root Causes by Weighted Risk",
//   arXiv 2205.10004, 2023): deviation-based split of leaves into normal/abnormal with a mirrored-tail
//   cutoff, weighted high/low risk scores, layer-by-layer search with early stop, first-layer pruning,
//   repeated search on the leaves not yet explained.
// - Adtributor (R. Bhagwan et al., NSDI 2014): explanatory power of an element, and for a derived measure
//   the change of the total when only that element moves (used for `contribution`).
// - Squeeze (Z. Li et al., ISSRE 2019) / HotSpot (Y. Sun et al., IEEE Access 2018): the ripple effect, i.e.
//   a root cause moves all of its leaves by one common factor (RiskLoc's low-risk score).
// - ThirdEye (LinkedIn): contribution of a slice to the overall change and its baseline share, for display.
// - RiskLoc's repository (github.com/shaido987/riskloc) for how its RS loader builds ratio leaves.
// Ratio measures are compared leaf by leaf as numerator vs expected rate x current denominator, so a shift of
// volume between slices (mix) is not a cause, only a change of a slice's rate is.
// Which search: RiskLoc for additive cubes with enough leaves (its cutoff trims 5 extremes per side and its
// high-risk score has a +1 prior, so it cannot see a cause in a cube of a few leaves); the shift search
// (search-shifts.ts) for ratio measures, whose anomalies rarely move every leaf of a slice by one factor, and
// for small additive cubes, or when RiskLoc finds nothing.
import { describeSlice } from './describe-slice.ts';
import { encodeCube } from './encode-cube.ts';
import { partitionLeaves } from './partition-leaves.ts';
import { DEFAULT_RCA_OPTIONS, type RcaCause, type RcaInput, type RcaOptions } from './rca-types.ts';
import { searchRootCauses, type FoundElement } from './search-root-causes.ts';
import { leafShifts, searchShifts } from './search-shifts.ts';

// Below this many leaves an additive cube goes to the shift search (RiskLoc needs tails to trim).
const MIN_RISKLOC_LEAVES = 200;

/** Ranks the elements that explain the change from expected to actual, best first; [] when nothing moved. */
export function localizeRootCauses(input: RcaInput, options: Partial<RcaOptions> = {}): RcaCause[] {
  const opts = { ...DEFAULT_RCA_OPTIONS, ...options };
  const cube = encodeCube(input);
  if (cube.n === 0) return [];
  let found: FoundElement[] = [];
  if (!cube.den && cube.n >= MIN_RISKLOC_LEAVES)
    found = searchRootCauses(cube, partitionLeaves(cube.real, cube.predict, opts.cutoffTrim, opts.minDeviation), opts);
  if (found.length === 0) found = searchShifts(cube, leafShifts(cube, opts.minDeviation), opts);
  const causes = found.map((f): RcaCause => {
    const elements: Record<string, string> = {};
    for (const d of f.cuboid) elements[cube.dims[d]!] = cube.labels[d]![cube.codes[d]![f.leaf]!]!;
    const inSlice = new Uint8Array(cube.n);
    for (let i = 0; i < cube.n; i++) {
      if (f.cuboid.every((d) => cube.codes[d]![i] === cube.codes[d]![f.leaf])) inSlice[i] = 1;
    }
    return { elements, score: f.share, ...describeSlice(cube, inSlice) };
  });
  // Equal shares (within rounding) keep the order of discovery, shallower layers first, which the canonical
  // leaf order makes independent of the input's row order.
  return causes.sort((a, b) =>
    Math.abs(b.score - a.score) <= 1e-9 * Math.max(Math.abs(a.score), 1) ? 0 : b.score - a.score,
  );
}
