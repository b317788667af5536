// The shape every benchmark reports, so `npm run bench` can print one table.
export interface BenchResult {
  /** What was measured, e.g. "seed 120 days (embedded)". */
  name: string;
  /** Median of the runs, in `unit`. */
  median: number;
  unit: string;
  runs: number;
  /** The baseline measured in the same run, in the same unit, and what it is. */
  baseline?: { name: string; median: number };
  /** median / baseline.median. */
  ratio?: number;
  /** A target the figure must meet, and whether it did. */
  target?: { text: string; met: boolean };
  notes?: string;
}

/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
