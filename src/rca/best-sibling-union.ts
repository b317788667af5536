// Two causes that share a dimension (bitrate=500 and bitrate=2500) can both sit inside one value of another
// dimension (p2p=1), which then explains more than either alone and is taken for the cause. The competing
// hypothesis: several values of one attribute moved, each by its own shift. Its pooled chi-square gain is the
// sum of the members' gains; for one homogeneous cause S, values of another dimension cannot beat S this way
// (sum over values v of (s*w_vS)^2 / w_v <= s^2 * W_S), so it wins only when the causes really split that way.
import type { EncodedCube } from './encode-cube.ts';
import { groupCuboid } from './group-cuboid.ts';

/** One first-layer element: its dimension, a leaf carrying its value, its excess and weight. */
export interface SiblingElement {
  dim: number;
  leaf: number;
  x: number;
  w: number;
  gain: number;
}

/** The dimension whose values with excess >= minX (two at least) have the largest sum of gains x^2 / w. */
export function bestSiblingUnion(
  cube: EncodedCube,
  y: Float64Array,
  w: Float64Array,
  active: Uint8Array,
  minX: number,
  eps: number,
): { score: number; members: SiblingElement[] } | undefined {
  const cardinality = cube.labels.map((l) => l.length);
  let best: { score: number; members: SiblingElement[] } | undefined;
  for (let d = 0; d < cube.dims.length; d++) {
    const g = groupCuboid(cube.codes, cardinality, [d], active);
    const xs = new Float64Array(g.count);
    const ws = new Float64Array(g.count);
    for (let i = 0; i < cube.n; i++) {
      const e = g.elementOf[i]!;
      if (e < 0) continue;
      xs[e]! += y[i]!;
      ws[e]! += w[i]!;
    }
    const members: SiblingElement[] = [];
    for (let e = 0; e < g.count; e++) {
      if (xs[e]! >= minX && xs[e]! > 0)
        members.push({
          dim: d,
          leaf: g.order[g.start[e]!]!,
          x: xs[e]!,
          w: ws[e]!,
          gain: (xs[e]! * xs[e]!) / (ws[e]! + eps),
        });
    }
    if (members.length < 2) continue;
    const score = members.reduce((a, m) => a + m.gain, 0);
    if (!best || score > best.score * (1 + 1e-9))
      best = { score, members: members.sort((a, b) => b.gain - a.gain || a.leaf - b.leaf) };
  }
  return best;
}
