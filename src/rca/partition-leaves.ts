// Splits leaves into abnormal and normal by their relative deviation, and weighs them (RiskLoc, Kalander 2023).

/** Per-leaf deviation, partition, weight and signed explanatory power. */
export interface LeafPartition {
  /** 2 (predict - real) / (predict + real); 0 when both are 0. */
  deviation: Float64Array;
  /** 1 for abnormal leaves. */
  abnormal: Uint8Array;
  /** How strongly the leaf counts for its side, in [0, 1]. */
  weight: Float64Array;
  /** real - predict, signed so the abnormal leaves sum to a positive number. */
  ep: Float64Array;
  /** The absolute deviation beyond which a leaf is abnormal. */
  cutoff: number;
  /** Sum of ep over abnormal leaves (> 0), or 0 when there is no anomaly. */
  abnormalEp: number;
}

// The trimmed extreme of one side: ignoring the `trim` most extreme distinct values guards against a few outliers.
function trimmedExtreme(sortedMagnitudes: number[], trim: number): number {
  if (sortedMagnitudes.length === 0) return 0;
  return sortedMagnitudes[Math.min(trim, sortedMagnitudes.length - 1)]!;
}

function distinctMagnitudes(deviation: Float64Array, sign: 1 | -1): number[] {
  const seen = new Set<number>();
  for (const d of deviation) if (d * sign > 0) seen.add(d * sign);
  return [...seen].sort((a, b) => b - a);
}

/**
 * Partitions leaves. Each side's (drops', rises') trimmed tail measures ordinary noise for the other side and
 * becomes its cutoff, mirrored (RiskLoc's cutoff rule); the anomaly is the side that moves more volume beyond it.
 */
export function partitionLeaves(
  real: Float64Array,
  predict: Float64Array,
  trim: number,
  minDeviation: number,
): LeafPartition {
  const n = real.length;
  const deviation = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = predict[i]! + real[i]!;
    const d = s === 0 ? 0 : (2 * (predict[i]! - real[i]!)) / s;
    deviation[i] = Number.isFinite(d) ? d : 0;
  }
  const drops = trimmedExtreme(distinctMagnitudes(deviation, 1), trim);
  const rises = trimmedExtreme(distinctMagnitudes(deviation, -1), trim);
  const abnormal = new Uint8Array(n);
  const weight = new Float64Array(n);
  const ep = new Float64Array(n);
  if (Math.max(drops, rises) < minDeviation) return { deviation, abnormal, weight, ep, cutoff: 0, abnormalEp: 0 };
  // The side whose leaves beyond the other side's noise level move more volume; on a small cube the
  // anomaly can have fewer distinct deviations than are trimmed, so tails alone would misjudge it.
  let dropMass = 0;
  let riseMass = 0;
  for (let i = 0; i < n; i++) {
    if (deviation[i]! > rises) dropMass += predict[i]! - real[i]!;
    else if (-deviation[i]! > drops) riseMass += real[i]! - predict[i]!;
  }
  const side = dropMass > riseMass || (dropMass === riseMass && drops > rises) ? 1 : -1;
  const cutoff = side === 1 ? rises : drops;
  let abnormalSum = 0;
  for (let i = 0; i < n; i++) {
    const d = deviation[i]!;
    if (d * side > cutoff && Math.abs(d) >= minDeviation) {
      abnormal[i] = 1;
      weight[i] = Math.min(1, Math.abs(d));
      abnormalSum += real[i]! - predict[i]!;
    } else {
      weight[i] = real[i] === 0 && predict[i] === 0 ? 0 : Math.min(1, Math.abs(side * cutoff - d));
    }
  }
  const sign = abnormalSum < 0 ? -1 : 1;
  for (let i = 0; i < n; i++) ep[i] = sign * (real[i]! - predict[i]!);
  return { deviation, abnormal, weight, ep, cutoff, abnormalEp: Math.abs(abnormalSum) };
}
