// Turns an RcaInput into integer-coded dimensions and typed arrays, the form the search works on.
import { VigilError } from '../errors.ts';
import type { RcaAdditiveLeaf, RcaInput, RcaRatioLeaf } from './rca-types.ts';

/** A cube as arrays: per-dimension value codes and, per leaf, the pair the search compares. */
export interface EncodedCube {
  dims: string[];
  n: number;
  /** codes[d][leaf] indexes labels[d]. */
  codes: Int32Array[];
  labels: string[][];
  /** What the leaf is now and what it should be: the value (additive) or the numerator (ratio). */
  real: Float64Array;
  predict: Float64Array;
  /** Actual and expected additive value, or numerator; den/expDen only for ratio measures. */
  act: Float64Array;
  exp: Float64Array;
  den?: Float64Array;
  expDen?: Float64Array;
}

function bad(message: string): VigilError {
  return new VigilError(
    'vigil_rca_bad_input',
    message,
    'Give every leaf one value per dimension and finite numbers for its measures.',
  );
}

function finite(x: number, what: string, i: number): number {
  if (!Number.isFinite(x)) throw bad(`leaf ${i + 1}: ${what} is ${String(x)}, not a finite number.`);
  return x;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Leaves in one canonical order (by values, then by numbers), so the same cells in any row order give the same
// codes, the same discovery order and the same floating-point sums: the search's tie-breaks are then stable.
function canonicalLeaves<L extends { values: string[] }>(leaves: readonly L[], numbers: (l: L) => number[]): L[] {
  const keys = leaves.map((l) => l.values.join('\u0000'));
  const order = leaves.map((_, i) => i);
  order.sort((i, j) => {
    const c = compareStrings(keys[i]!, keys[j]!);
    if (c !== 0) return c;
    const x = numbers(leaves[i]!);
    const y = numbers(leaves[j]!);
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k]! < y[k]! ? -1 : 1;
    return 0;
  });
  return order.map((i) => leaves[i]!);
}

/**
 * Encodes `input` in a canonical leaf order, each dimension's values coded in sorted order; throws
 * vigil_rca_bad_input on a leaf with the wrong number of values or a non-finite number.
 */
export function encodeCube(input: RcaInput): EncodedCube {
  const { dims } = input;
  const n = input.leaves.length;
  for (const [i, leaf] of input.leaves.entries()) {
    if (leaf.values.length !== dims.length)
      throw bad(`leaf ${i + 1} has ${leaf.values.length} values for ${dims.length} dimensions (${dims.join(', ')}).`);
    if (input.measure.kind === 'additive') {
      const l = leaf as RcaAdditiveLeaf;
      finite(l.actual, 'actual', i);
      finite(l.expected, 'expected', i);
    } else {
      const l = leaf as RcaRatioLeaf;
      finite(l.num, 'num', i);
      finite(l.den, 'den', i);
      finite(l.expectedNum, 'expectedNum', i);
      finite(l.expectedDen, 'expectedDen', i);
    }
  }
  const sorted: RcaInput['leaves'] =
    input.measure.kind === 'additive'
      ? canonicalLeaves(input.leaves as RcaAdditiveLeaf[], (l) => [l.actual, l.expected])
      : canonicalLeaves(input.leaves as RcaRatioLeaf[], (l) => [l.num, l.den, l.expectedNum, l.expectedDen]);
  const codes = dims.map(() => new Int32Array(n));
  const labels: string[][] = dims.map((_, d) => [...new Set(sorted.map((l) => l.values[d]!))].sort(compareStrings));
  const index = labels.map((l) => new Map(l.map((v, c) => [v, c])));
  const act = new Float64Array(n);
  const exp = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dims.length; d++) codes[d]![i] = index[d]!.get(sorted[i]!.values[d]!)!;
  if (input.measure.kind === 'additive') {
    const leaves = sorted as RcaAdditiveLeaf[];
    for (let i = 0; i < n; i++) {
      act[i] = leaves[i]!.actual;
      exp[i] = leaves[i]!.expected;
    }
    return { dims, n, codes, labels, real: act, predict: exp, act, exp };
  }
  const leaves = sorted as RcaRatioLeaf[];
  const den = new Float64Array(n);
  const expDen = new Float64Array(n);
  let totalExpNum = 0;
  let totalExpDen = 0;
  for (let i = 0; i < n; i++) {
    const l = leaves[i]!;
    act[i] = l.num;
    den[i] = l.den;
    exp[i] = l.expectedNum;
    expDen[i] = l.expectedDen;
    totalExpNum += exp[i]!;
    totalExpDen += expDen[i]!;
  }
  // A leaf's expected numerator at its current volume: only rate changes count, volume (mix) shifts do not.
  // A leaf without history borrows the overall expected rate.
  const fallbackRate = totalExpDen > 0 ? totalExpNum / totalExpDen : 0;
  const predict = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rate = expDen[i]! > 0 ? exp[i]! / expDen[i]! : fallbackRate;
    predict[i] = rate * den[i]!;
  }
  return { dims, n, codes, labels, real: act, predict, act, exp, den, expDen };
}
