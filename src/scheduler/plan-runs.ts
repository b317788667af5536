// Which buckets of a grain are due for a run, as of a moment. Pure.
//
// Due buckets come oldest first: an evaluation carries state from bucket to bucket (an incident's
// last anomalous bucket and its count of healthy buckets, a metric's health episode), so judging in
// time order keeps that state meaningful; the catch-up bound caps how late the newest bucket gets.
import { GRAIN_MS, bucketEnd, bucketStart, type Grain } from '../metrics/grain.ts';

/** The states of a row of metric_runs. */
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** What planning needs to know of a recorded run. */
export interface RunRecord {
  bucket: Date;
  status: RunStatus;
  attempts: number;
  leaseUntil: Date;
}

/** The inputs of planRuns. */
export interface PlanInput {
  grain: Grain;
  timezone: string;
  now: Date;
  /** At most this many buckets are judged after downtime, the newest complete one included. */
  catchUp: number;
  maxAttempts: number;
  /** The newest bucket with any run recorded (null: the grain never ran). */
  latestBucket: Date | null;
  /** The recorded runs of the catch-up window (older ones are ignored). */
  recent: RunRecord[];
}

/** Buckets left unjudged because they fell outside the catch-up bound. */
export interface SkippedBuckets {
  count: number;
  first: Date;
  last: Date;
}

/** The plan of one tick. */
export interface RunPlan {
  /** Bucket starts to claim and run, oldest first. */
  due: Date[];
  skipped: SkippedBuckets | null;
  /** Failed buckets of the window that used up their attempts (not retried). */
  exhausted: Date[];
}

/** The `n` newest complete buckets as of `now`, oldest first (bucket start times in ms). */
export function completeBuckets(grain: Grain, timezone: string, now: Date, n: number): number[] {
  const buckets: number[] = [];
  let start = bucketStart(now.getTime(), grain, timezone);
  while (buckets.length < n) {
    start = bucketStart(start - 1, grain, timezone);
    buckets.unshift(start);
  }
  return buckets;
}

/** Whether a recorded run may be claimed again: it failed, or its replica's lease lapsed, with attempts left. */
export function isRetryable(run: RunRecord, now: Date, maxAttempts: number): boolean {
  if (run.attempts >= maxAttempts) return false;
  return run.status === 'failed' || (run.status === 'running' && run.leaseUntil.getTime() < now.getTime());
}

/** Plans a tick: missing buckets newer than the latest recorded one, and retryable runs, within the catch-up window. */
export function planRuns(input: PlanInput): RunPlan {
  const { grain, timezone, now, catchUp, maxAttempts, latestBucket } = input;
  const window = completeBuckets(grain, timezone, now, Math.max(1, catchUp));
  const newest = window.at(-1)!;
  const byBucket = new Map(input.recent.map((r) => [r.bucket.getTime(), r]));
  const latest = latestBucket?.getTime() ?? null;
  const due: Date[] = [];
  const exhausted: Date[] = [];
  for (const bucket of window) {
    const run = byBucket.get(bucket);
    if (run) {
      if (isRetryable(run, now, maxAttempts)) due.push(new Date(bucket));
      else if (run.status === 'failed') exhausted.push(new Date(bucket));
    } else if (latest === null ? bucket === newest : bucket > latest) {
      // A grain that never ran starts at its newest bucket: there was no downtime to catch up on.
      due.push(new Date(bucket));
    }
  }
  return { due, skipped: skippedBefore(grain, timezone, latest, window[0]!), exhausted };
}

// The buckets after the latest recorded one and before the window: missed, and now out of reach.
function skippedBefore(
  grain: Grain,
  timezone: string,
  latest: number | null,
  windowStart: number,
): SkippedBuckets | null {
  if (latest === null || latest >= windowStart) return null;
  const first = bucketEnd(latest, grain, timezone);
  if (first >= windowStart) return null;
  const last = bucketStart(windowStart - 1, grain, timezone);
  // Local days are 23 to 25 hours long; rounding counts them right.
  const count = Math.round((windowStart - first) / GRAIN_MS[grain]);
  return { count, first: new Date(first), last: new Date(last) };
}
