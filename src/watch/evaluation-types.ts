// The contract between the scheduler and the metric evaluation: one run judges the newest complete
// bucket of every metric of a grain, as of a moment.
import type { Grain } from '../metrics/grain.ts';

/** One evaluation: the metrics of a grain (or the named ones), judged as of `at`. */
export interface EvaluationRequest {
  /** The moment the run stands at: only data complete by then is judged (a catch-up run passes a past moment). */
  at: Date;
  grain: Grain;
  /** Only these metrics (default: every catalog metric of the grain). */
  metricIds?: string[];
  /** Judge and report, but record nothing and post nothing. */
  dryRun?: boolean;
}

/** A metric that could not be judged in a run, and why. */
export interface EvaluationError {
  metric: string;
  code: string;
  message: string;
}

/** What a run did, as recorded in metric_runs and shown by /vigil status. */
export interface EvaluationResult {
  metricsJudged: number;
  anomalies: number;
  /** Incidents opened or updated. */
  incidents: number;
  errors: EvaluationError[];
}

/** Runs one evaluation; rejects only when nothing could be judged (the warehouse is down). */
export type Evaluate = (request: EvaluationRequest) => Promise<EvaluationResult>;
