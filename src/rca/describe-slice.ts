// What a slice of the cube did: its measure before and now, and its part in the total's change.
import type { EncodedCube } from './encode-cube.ts';

/** The display figures of one slice (see RcaCause). */
export interface SliceFigures {
  baseline: number;
  current: number;
  change: number;
  contribution: number;
  baselineShare: number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Figures of the slice whose leaves have inSlice[leaf] = 1. */
export function describeSlice(cube: EncodedCube, inSlice: Uint8Array): SliceFigures {
  let act = 0,
    exp = 0,
    den = 0,
    expDen = 0;
  let totalAct = 0,
    totalExp = 0,
    totalDen = 0,
    totalExpDen = 0;
  for (let i = 0; i < cube.n; i++) {
    totalAct += cube.act[i]!;
    totalExp += cube.exp[i]!;
    if (cube.den) {
      totalDen += cube.den[i]!;
      totalExpDen += cube.expDen![i]!;
    }
    if (inSlice[i] !== 1) continue;
    act += cube.act[i]!;
    exp += cube.exp[i]!;
    if (cube.den) {
      den += cube.den[i]!;
      expDen += cube.expDen![i]!;
    }
  }
  if (!cube.den) {
    return {
      baseline: exp,
      current: act,
      change: act - exp,
      contribution: ratio(act - exp, totalAct - totalExp),
      baselineShare: ratio(exp, totalExp),
    };
  }
  const baseline = ratio(exp, expDen);
  const current = ratio(act, den);
  const totalBefore = ratio(totalExp, totalExpDen);
  // The slice's part: how far the total rate moves when only this slice takes its actual values (Adtributor's EP).
  const onlySlice = ratio(totalExp - exp + act, totalExpDen - expDen + den) - totalBefore;
  return {
    baseline,
    current,
    change: current - baseline,
    contribution: ratio(onlySlice, ratio(totalAct, totalDen) - totalBefore),
    baselineShare: ratio(expDen, totalExpDen),
  };
}
