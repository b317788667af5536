// Inputs, options and results of multi-dimensional root-cause localisation (drill-down).

/** How the measure aggregates: a sum of leaves (orders, GMV) or a ratio of two sums (refunds / orders). */
export type RcaMeasure = { kind: 'additive' } | { kind: 'ratio' };

/** One leaf of an additive measure: its dimension values (in `dims` order), actual and expected value. */
export interface RcaAdditiveLeaf {
  values: string[];
  actual: number;
  expected: number;
}

/** One leaf of a ratio measure: actual and expected numerator and denominator (rate = num / den). */
export interface RcaRatioLeaf {
  values: string[];
  num: number;
  den: number;
  expectedNum: number;
  expectedDen: number;
}

/** A cube to explain: the dimension names and one leaf per combination of their values. */
export type RcaInput =
  | { dims: string[]; measure: { kind: 'additive' }; leaves: RcaAdditiveLeaf[] }
  | { dims: string[]; measure: { kind: 'ratio' }; leaves: RcaRatioLeaf[] };

/** One root cause: the slice it selects, how likely it is, and what that slice did. */
export interface RcaCause {
  /** Dimension -> value, only for the dimensions the element fixes. */
  elements: Record<string, string>;
  /** Higher is more likely; comparable within one result only. */
  score: number;
  /** The measure in the slice: the expected sum (additive) or the expected rate (ratio). */
  baseline: number;
  /** The measure in the slice now: the actual sum or the actual rate. */
  current: number;
  /** current - baseline. */
  change: number;
  /**
   * Share of the total's change this slice accounts for (1 = all of it; can exceed 1 when other slices moved
   * the other way). Ratio measures: the change of the total rate when only this slice takes its actual
   * numerator and denominator, over the total rate's change (Adtributor's explanatory power). Negative when
   * the total moved the other way, e.g. a slice's rate rose while a mix shift lowered the total rate.
   */
  contribution: number;
  /** Share of the expected total (additive) or of the expected denominator (ratio) the slice holds. */
  baselineShare: number;
}

/** Tuning of the search; the defaults are RiskLoc's published ones. */
export interface RcaOptions {
  /** An element qualifies when its risk (high-risk minus low-risk score) reaches this. */
  riskThreshold: number;
  /** Stop when the unexplained part of the anomaly is below this share of it (RiskLoc's pep threshold). */
  minExplainedShare: number;
  /** Extreme distinct deviations ignored on each side when placing the normal/abnormal cutoff. */
  cutoffTrim: number;
  /** Give up below this absolute leaf deviation: nothing changed. */
  minDeviation: number;
  /** Deepest layer searched (number of fixed dimensions); default all. */
  maxLayer: number;
  /** At most this many causes. */
  maxCauses: number;
}

/** RiskLoc's defaults (Kalander 2023): risk 0.5, pep 0.02, five trimmed extremes. */
export const DEFAULT_RCA_OPTIONS: RcaOptions = {
  riskThreshold: 0.5,
  minExplainedShare: 0.02,
  cutoffTrim: 5,
  minDeviation: 1e-9,
  maxLayer: Number.POSITIVE_INFINITY,
  maxCauses: 20,
};
