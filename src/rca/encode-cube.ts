// Turns an RcaInput into integer-coded dimensions and typed arrays, the form the search works on.
import { VigilError } from '../errors.ts';
import type { RcaInput } from './rca-types.ts';

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

/** Encodes `input`; throws vigil_rca_bad_input on a leaf with the wrong number of values or a non-finite number. */
export function encodeCube(input: RcaInput): EncodedCube {
  const { dims } = input;
  const n = input.leaves.length;
  const codes = dims.map(() => new Int32Array(n));
  const labels: string[][] = dims.map(() => []);
  const index = dims.map(() => new Map<string, number>());
  const act = new Float64Array(n);
  const exp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const leaf = input.leaves[i]!;
    if (leaf.values.length !== dims.length)
      throw bad(`leaf ${i + 1} has ${leaf.values.length} values for ${dims.length} dimensions (${dims.join(', ')}).`);
    for (let d = 0; d < dims.length; d++) {
      const v = leaf.values[d]!;
      let c = index[d]!.get(v);
      if (c === undefined) {
        c = labels[d]!.length;
        labels[d]!.push(v);
        index[d]!.set(v, c);
      }
      codes[d]![i] = c;
    }
  }
  if (input.measure.kind === 'additive') {
    const leaves = input.leaves as Array<{ actual: number; expected: number }>;
    for (let i = 0; i < n; i++) {
      act[i] = finite(leaves[i]!.actual, 'actual', i);
      exp[i] = finite(leaves[i]!.expected, 'expected', i);
    }
    return { dims, n, codes, labels, real: act, predict: exp, act, exp };
  }
  const leaves = input.leaves as Array<{ num: number; den: number; expectedNum: number; expectedDen: number }>;
  const den = new Float64Array(n);
  const expDen = new Float64Array(n);
  let totalExpNum = 0;
  let totalExpDen = 0;
  for (let i = 0; i < n; i++) {
    const l = leaves[i]!;
    act[i] = finite(l.num, 'num', i);
    den[i] = finite(l.den, 'den', i);
    exp[i] = finite(l.expectedNum, 'expectedNum', i);
    expDen[i] = finite(l.expectedDen, 'expectedDen', i);
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
