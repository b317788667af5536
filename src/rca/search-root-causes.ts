// RiskLoc's layered search (Kalander 2023): per layer, the element with the most explanatory power whose risk passes.
import type { EncodedCube } from './encode-cube.ts';
import { groupCuboid, type CuboidGroups } from './group-cuboid.ts';
import type { LeafPartition } from './partition-leaves.ts';
import type { RcaOptions } from './rca-types.ts';
import { combinations } from './combinations.ts';

/** A found element: its dimensions and a leaf that carries its values, with the evidence for it. */
export interface FoundElement {
  cuboid: number[];
  leaf: number;
  /** Its explanatory power over the leaves not yet explained, as a share of the whole anomaly's. */
  share: number;
  risk: number;
}

// Low risk: when the element's leaves all moved by one common factor, the element itself moved (the
// ripple effect of Squeeze); leaves that deviate from that common factor make it unlikely to be the cause.
// Leaves are weighted by volume (inverse variance of a count's relative deviation), so tiny noisy leaves
// do not decide it.
function lowRisk(cube: EncodedCube, part: LeafPartition, g: CuboidGroups, e: number): number {
  let sumReal = 0;
  let sumPredict = 0;
  for (let k = g.start[e]!; k < g.start[e + 1]!; k++) {
    const i = g.order[k]!;
    if (cube.real[i] === 0 || cube.predict[i] === 0) continue;
    sumReal += cube.real[i]!;
    sumPredict += cube.predict[i]!;
  }
  if (sumPredict === 0) return 0;
  const scale = sumReal / sumPredict;
  let w1 = 0;
  let w2 = 0;
  let m = 0;
  for (let k = g.start[e]!; k < g.start[e + 1]!; k++) {
    const i = g.order[k]!;
    if (cube.real[i] === 0 || cube.predict[i] === 0) continue;
    const a = cube.predict[i]! * scale;
    const s = a + cube.real[i]!;
    const w = cube.predict[i]!;
    if (s !== 0) w1 += w * Math.abs((2 * (a - cube.real[i]!)) / s);
    w2 += w * Math.abs(part.deviation[i]!);
    m++;
  }
  return m === 0 || w2 === 0 ? 0 : w1 / w2;
}

// One search over the layers; marks pruned first-layer values so later cuboids and rounds skip them.
function searchOnce(
  cube: EncodedCube,
  part: LeafPartition,
  active: Uint8Array,
  pruned: Uint8Array[],
  cardinality: number[],
  minEp: number,
  opts: RcaOptions,
): FoundElement | undefined {
  const maxLayer = Math.min(opts.maxLayer, cube.dims.length);
  for (let layer = 1; layer <= maxLayer; layer++) {
    let best: FoundElement | undefined;
    let bestEp = minEp;
    for (const cuboid of combinations(layer, cube.dims.length)) {
      const g = groupCuboid(cube.codes, cardinality, cuboid, active);
      const ep = new Float64Array(g.count);
      const positiveEp = new Float64Array(g.count);
      const wAbnormal = new Float64Array(g.count);
      const wNormal = new Float64Array(g.count);
      const nAbnormal = new Int32Array(g.count);
      const vAbnormal = new Float64Array(g.count);
      const vAll = new Float64Array(g.count);
      for (let i = 0; i < cube.n; i++) {
        const e = g.elementOf[i]!;
        if (e < 0) continue;
        const x = part.ep[i]!;
        ep[e]! += x;
        if (x > 0) positiveEp[e]! += x;
        const volume = (cube.real[i]! + cube.predict[i]!) / 2;
        vAll[e]! += volume;
        if (part.abnormal[i] === 1) {
          vAbnormal[e]! += volume;
          wAbnormal[e]! += part.weight[i]!;
          nAbnormal[e]!++;
        } else wNormal[e]! += part.weight[i]!;
      }
      const candidates: number[] = [];
      for (let e = 0; e < g.count; e++) {
        const leaf = g.order[g.start[e]!]!;
        if (cuboid.some((d) => pruned[d]![cube.codes[d]![leaf]!] === 1)) continue;
        if (layer === 1 && (positiveEp[e]! < minEp || nAbnormal[e] === 0)) {
          pruned[cuboid[0]!]![cube.codes[cuboid[0]!]![leaf]!] = 1;
          continue;
        }
        if (nAbnormal[e]! > 0 && ep[e]! > bestEp) candidates.push(e);
      }
      candidates.sort((a, b) => ep[b]! - ep[a]!);
      for (const e of candidates) {
        const high = wAbnormal[e]! / (wAbnormal[e]! + wNormal[e]! + 1);
        // Additive measures ripple (a slice's leaves all move by one factor), rates do not: a rate anomaly
        // often hits part of a slice, so a ratio element must instead hold mostly abnormal volume.
        const risk = cube.den ? Math.min(high, vAbnormal[e]! / vAll[e]!) : high - lowRisk(cube, part, g, e);
        if (risk < opts.riskThreshold) continue;
        best = { cuboid, leaf: g.order[g.start[e]!]!, share: ep[e]! / part.abnormalEp, risk };
        bestEp = ep[e]!;
        break;
      }
    }
    if (best) return best;
  }
  return undefined;
}

/** Finds root-cause elements one at a time, removing each one's leaves, until the anomaly is explained. */
export function searchRootCauses(cube: EncodedCube, part: LeafPartition, opts: RcaOptions): FoundElement[] {
  const found: FoundElement[] = [];
  if (part.abnormalEp <= 0) return found;
  const cardinality = cube.labels.map((l) => l.length);
  const pruned = cardinality.map((c) => new Uint8Array(c));
  const active = new Uint8Array(cube.n).fill(1);
  const minEp = opts.minExplainedShare * part.abnormalEp;
  while (found.length < opts.maxCauses) {
    let remaining = 0;
    for (let i = 0; i < cube.n; i++) if (active[i] === 1 && part.abnormal[i] === 1) remaining += part.ep[i]!;
    if (remaining < minEp || remaining <= 0) break;
    const element = searchOnce(cube, part, active, pruned, cardinality, minEp, opts);
    if (!element) break;
    found.push(element);
    for (let i = 0; i < cube.n; i++) {
      if (element.cuboid.every((d) => cube.codes[d]![i] === cube.codes[d]![element.leaf])) active[i] = 0;
    }
  }
  return found;
}
