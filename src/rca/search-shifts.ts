// Shift search: root causes as slices whose leaves moved by one common shift, chosen by how much of the
// anomaly a shift explains per unit of noise (a pooled chi-square), with a parsimony check on granularity.
//
// Ideas from the literature (no code copied):
// - Squeeze (Z. Li et al., ISSRE 2019) and HotSpot (Y. Sun et al., IEEE Access 2018): the (generalized) ripple
//   effect, i.e. a root cause moves all of its leaves by one common factor; for a rate this is one common shift
//   of the rate, so leaf i's excess numerator is x_i = shift * den_i, for an additive measure x_i = shift * expected_i.
// - RiskLoc (M. Kalander, arXiv 2205.10004; github.com/shaido987/riskloc): derived measures are compared
//   through their numerator and denominator deviations, and the search removes each found element and looks
//   again at what is left (its stop rule is a minimum share of the anomaly's explanatory power).
// - Adtributor (Bhagwan et al., NSDI 2014) / ThirdEye: a cause must carry a meaningful share of the change.
// With weights w_i (den or expected) and excesses x_i, the best single shift for a slice S is X_S / W_S and
// it removes X_S^2 / W_S of the weighted squared error; that gain ranks the slices. A finer slice that only
// adds heterogeneity is not preferred over its parent when the rest of the parent moved along with it.
// Several values of one attribute (best-sibling-union.ts) are taken together when their summed gain beats as
// many slices picked one at a time, so two causes that share a dimension are not read as one other slice.
import type { EncodedCube } from './encode-cube.ts';
import { groupCuboid } from './group-cuboid.ts';
import type { FoundElement } from './search-root-causes.ts';
import type { RcaOptions } from './rca-types.ts';
import { combinations } from './combinations.ts';
import { bestSiblingUnion } from './best-sibling-union.ts';

/** Tuning of the shift search. */
export interface ShiftOptions {
  /** A cause must explain at least this share of the anomaly's excess (ThirdEye-like minimum contribution). */
  minCauseShare: number;
  /** ...and its excess must stand this many noise standard deviations out. */
  minZ: number;
  /** A parent slice wins over a finer one when the rest of the parent shifted at least this share as far. */
  rippleShare: number;
}

/** Defaults chosen on half A of RS (alternate cases); half B and B0 are reported separately by the bench. */
export const DEFAULT_SHIFT_OPTIONS: ShiftOptions = { minCauseShare: 0.1, minZ: 5, rippleShare: 0.1 };

/** Per-leaf excess (signed so the anomaly is positive) and weight. */
export interface LeafShifts {
  y: Float64Array;
  w: Float64Array;
  /** Total excess of the anomaly (> 0), or 0 when nothing moved. */
  total: number;
}

/** Excess and weight of every leaf: rate excess at current volume (ratio) or actual - expected (additive). */
export function leafShifts(cube: EncodedCube, minDeviation: number): LeafShifts {
  const n = cube.n;
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    y[i] = cube.real[i]! - cube.predict[i]!;
    w[i] = Math.abs(cube.den ? cube.den[i]! : cube.predict[i]!);
    sum += y[i]!;
  }
  const sign = sum < 0 ? -1 : 1;
  for (let i = 0; i < n; i++) y[i]! *= sign;
  const total = Math.abs(sum);
  return { y, w, total: total < minDeviation ? 0 : total };
}

const MIN_NOISE_LEAVES = 5;

// Relative difference below which two gains are equal: sums of the same leaves in another order differ by rounding.
const TIE = 1e-9;

// Noise variance per unit weight, robustly from the leaves with mask[i] = 1 that moved at all: the median of
// x^2 / w (0.455 is the median of a chi-square with 1 d.o.f.); 0 when fewer than MIN_NOISE_LEAVES moved, too
// few to tell noise from a second, smaller cause (a tiny cube is then judged by the share rule alone).
function noiseLevel(s: LeafShifts, mask: Uint8Array): number {
  const ratios: number[] = [];
  for (let i = 0; i < s.y.length; i++)
    if (mask[i] === 1 && s.w[i]! > 0 && s.y[i] !== 0) ratios.push((s.y[i]! * s.y[i]!) / s.w[i]!);
  if (ratios.length < MIN_NOISE_LEAVES) return 0;
  ratios.sort((a, b) => a - b);
  const m = ratios.length;
  return (m % 2 === 1 ? ratios[(m - 1) / 2]! : (ratios[m / 2 - 1]! + ratios[m / 2]!) / 2) / 0.455;
}

interface Candidate {
  cuboid: number[];
  leaf: number;
  x: number;
  w: number;
  gain: number;
}

// Sums of y and w of the active leaves in the slice that fixes `cuboid` to the values of `leaf`.
function sliceSums(
  cube: EncodedCube,
  s: LeafShifts,
  active: Uint8Array,
  cuboid: number[],
  leaf: number,
): [number, number] {
  let x = 0;
  let w = 0;
  for (let i = 0; i < cube.n; i++) {
    if (active[i] === 0) continue;
    if (!cuboid.every((d) => cube.codes[d]![i] === cube.codes[d]![leaf])) continue;
    x += s.y[i]!;
    w += s.w[i]!;
  }
  return [x, w];
}

function gainOf(x: number, w: number, eps: number): number {
  return x <= 0 ? 0 : (x * x) / (w + eps);
}

// The best slice over all cuboids; ties go to the shallower one (found first).
function bestSlice(
  cube: EncodedCube,
  s: LeafShifts,
  active: Uint8Array,
  cardinality: number[],
  maxLayer: number,
  eps: number,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (let layer = 1; layer <= maxLayer; layer++) {
    for (const cuboid of combinations(layer, cube.dims.length)) {
      const g = groupCuboid(cube.codes, cardinality, cuboid, active);
      const xs = new Float64Array(g.count);
      const ws = new Float64Array(g.count);
      for (let i = 0; i < cube.n; i++) {
        const e = g.elementOf[i]!;
        if (e < 0) continue;
        xs[e]! += s.y[i]!;
        ws[e]! += s.w[i]!;
      }
      for (let e = 0; e < g.count; e++) {
        const gain = gainOf(xs[e]!, ws[e]!, eps);
        if (gain > (best?.gain ?? 0) * (1 + TIE))
          best = { cuboid, leaf: g.order[g.start[e]!]!, x: xs[e]!, w: ws[e]!, gain };
      }
    }
  }
  return best;
}

// Occam, one attribute at a time: move up to a parent slice while the parent's leaves outside the current
// slice shifted along with it (the ripple effect: a cause moves all of its leaves, a sub-slice does not).
function coarsen(cube: EncodedCube, s: LeafShifts, active: Uint8Array, c: Candidate, opts: ShiftOptions): Candidate {
  let cur = c;
  for (;;) {
    const shift = cur.x / Math.max(cur.w, 1e-300);
    let best: Candidate | undefined;
    for (const drop of cur.cuboid) {
      if (cur.cuboid.length === 1) break;
      const cuboid = cur.cuboid.filter((d) => d !== drop);
      const [x, w] = sliceSums(cube, s, active, cuboid, cur.leaf);
      const restX = x - cur.x;
      const restW = w - cur.w;
      if (restW <= 0) continue;
      if (restX / restW < opts.rippleShare * shift) continue;
      const gain = gainOf(x, w, 0);
      if (!best || gain > best.gain * (1 + TIE)) best = { cuboid, leaf: cur.leaf, x, w, gain };
    }
    if (!best) return cur;
    cur = best;
  }
}

// Leaves of the slice that fixes `cuboid` to the values of `leaf` (active or not).
function sliceMask(cube: EncodedCube, cuboid: number[], leaf: number): Uint8Array {
  const m = new Uint8Array(cube.n);
  for (let i = 0; i < cube.n; i++) if (cuboid.every((d) => cube.codes[d]![i] === cube.codes[d]![leaf])) m[i] = 1;
  return m;
}

// Whether every pick stands minZ noise standard deviations out, the noise taken where none of them is.
function significant(
  cube: EncodedCube,
  s: LeafShifts,
  active: Uint8Array,
  picks: Candidate[],
  minZ: number,
  eps: number,
): boolean {
  const outside = active.slice();
  for (const p of picks) {
    const m = sliceMask(cube, p.cuboid, p.leaf);
    for (let i = 0; i < cube.n; i++) if (m[i] === 1) outside[i] = 0;
  }
  const sigma2 = noiseLevel(s, outside);
  return picks.every((p) => sigma2 <= 0 || p.x / Math.sqrt(sigma2 * (p.w + eps)) >= minZ);
}

// What k slices explain when picked one at a time from the best one, c, on (fair against k sibling elements).
function greedyGain(
  cube: EncodedCube,
  s: LeafShifts,
  active: Uint8Array,
  cardinality: number[],
  maxLayer: number,
  eps: number,
  c: Candidate,
  k: number,
): number {
  const left = active.slice();
  let gain = 0;
  let next: Candidate | undefined = c;
  for (let j = 0; j < k && next; j++) {
    gain += next.gain;
    const m = sliceMask(cube, next.cuboid, next.leaf);
    for (let i = 0; i < cube.n; i++) if (m[i] === 1) left[i] = 0;
    if (j + 1 < k) next = bestSlice(cube, s, left, cardinality, maxLayer, eps);
  }
  return gain;
}

/** Finds causes one at a time, removing each one's leaves, while they stay significant and meaningful. */
export function searchShifts(
  cube: EncodedCube,
  s: LeafShifts,
  opts: RcaOptions,
  shiftOpts: ShiftOptions = DEFAULT_SHIFT_OPTIONS,
): FoundElement[] {
  const found: FoundElement[] = [];
  if (s.total <= 0) return found;
  const cardinality = cube.labels.map((l) => l.length);
  const active = new Uint8Array(cube.n).fill(1);
  const maxLayer = Math.min(opts.maxLayer, cube.dims.length);
  let totalW = 0;
  for (let i = 0; i < cube.n; i++) totalW += s.w[i]!;
  const eps = 1e-9 * (totalW / Math.max(cube.n, 1));
  const minX = shiftOpts.minCauseShare * s.total;
  const accept = (pick: Candidate): void => {
    // A slice that contains an earlier, finer find is the cause of both: the earlier one was its hottest part.
    const finer = found.filter((f) =>
      pick.cuboid.every((d) => f.cuboid.includes(d) && cube.codes[d]![f.leaf] === cube.codes[d]![pick.leaf]),
    );
    let share = pick.x;
    for (const f of finer) {
      share += f.share * s.total;
      found.splice(found.indexOf(f), 1);
    }
    found.push({ cuboid: pick.cuboid, leaf: pick.leaf, share: share / s.total, risk: pick.gain });
    const m = sliceMask(cube, pick.cuboid, pick.leaf);
    for (let i = 0; i < cube.n; i++) if (m[i] === 1) active[i] = 0;
  };
  while (found.length < opts.maxCauses) {
    const c = bestSlice(cube, s, active, cardinality, maxLayer, eps);
    if (!c) break;
    // Several values of one attribute, each with its own shift, against as many slices picked one at a time.
    const u = bestSiblingUnion(cube, s.y, s.w, active, minX, eps);
    // A tie (the greedy picks are the union's own members, summed in another order) goes to the union.
    const members =
      u && u.score >= greedyGain(cube, s, active, cardinality, maxLayer, eps, c, u.members.length) * (1 - TIE)
        ? u.members.map((m): Candidate => ({ cuboid: [m.dim], leaf: m.leaf, x: m.x, w: m.w, gain: m.gain }))
        : [];
    if (
      members.length > 0 &&
      found.length + members.length <= opts.maxCauses &&
      significant(cube, s, active, members, shiftOpts.minZ, eps)
    ) {
      for (const m of members) accept(m);
      continue;
    }
    const pick = coarsen(cube, s, active, c, shiftOpts);
    if (pick.x < minX) break;
    // Significance against the noise where this cause is not (the rest of the leaves still unexplained).
    if (!significant(cube, s, active, [pick], shiftOpts.minZ, eps)) break;
    accept(pick);
  }
  return found;
}
