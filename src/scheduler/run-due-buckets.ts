// One scheduler tick for a grain: plan the due buckets, claim each, evaluate it, record how it ended.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ScheduleSettings } from '../config/schedule-schema.ts';
import type { Evaluate, EvaluationError, EvaluationResult } from '../watch/evaluation-types.ts';
import { bucketEnd, type Grain } from '../metrics/grain.ts';
import { claimRun, finishRun, readRunState, renewLease, type RunClaim, type RunOutcome } from './claim-run.ts';
import { completeBuckets, planRuns, type SkippedBuckets } from './plan-runs.ts';

/** What a tick needs; the clock and the replica name are always given here. */
export interface TickDeps {
  pool: pg.Pool;
  logger: Logger;
  timezone: string;
  evaluate: Evaluate;
  clock: () => Date;
  replica: string;
  settings: ScheduleSettings;
}

/** One bucket a tick ran: `lost` when another replica took the claim over before it finished. */
export interface BucketRun {
  bucket: Date;
  at: Date;
  attempts: number;
  status: 'succeeded' | 'failed' | 'lost';
  result?: EvaluationResult;
  errors: EvaluationError[];
}

/** What a tick did. `error` is set when the tick itself failed (the bot's database), not a run. */
export interface TickReport {
  grain: Grain;
  runs: BucketRun[];
  skipped: SkippedBuckets | null;
  error?: string;
}

/** Runs the due buckets of `grain` oldest first, stopping at the first failure; never rejects. */
export async function runDueBuckets(deps: TickDeps, grain: Grain): Promise<TickReport> {
  const log = deps.logger.child({ job: 'metric-runs', grain });
  const report: TickReport = { grain, runs: [], skipped: null };
  try {
    const now = deps.clock();
    const { catch_up_buckets: catchUp, max_attempts: maxAttempts, lease_minutes: leaseMinutes } = deps.settings;
    const window = completeBuckets(grain, deps.timezone, now, catchUp[grain]);
    const state = await readRunState(deps.pool, grain, new Date(window[0]!));
    const plan = planRuns({ grain, timezone: deps.timezone, now, catchUp: catchUp[grain], maxAttempts, ...state });
    report.skipped = plan.skipped;
    if (plan.skipped) {
      log.warn(
        { skipped: plan.skipped.count, first: plan.skipped.first, last: plan.skipped.last, catchUp: catchUp[grain] },
        'missed buckets beyond the catch-up bound (schedule.catch_up_buckets) are skipped',
      );
    }
    for (const bucket of plan.due) {
      const claim = await claimRun(deps.pool, grain, bucket, {
        replica: deps.replica,
        now: deps.clock(),
        leaseMs: leaseMinutes * 60_000,
        maxAttempts,
      });
      if (!claim) continue; // another replica holds it, or finished it since we read
      const run = await runClaimed(deps, claim, log);
      report.runs.push(run);
      // A failed evaluation means the warehouse is down; the later buckets wait for the next tick.
      if (run.status === 'failed') break;
    }
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
    log.error({ err }, 'scheduler tick failed; the next tick tries again');
  }
  return report;
}

async function runClaimed(deps: TickDeps, claim: RunClaim, parent: Logger): Promise<BucketRun> {
  const at = new Date(bucketEnd(claim.bucket.getTime(), claim.grain, deps.timezone));
  const log = parent.child({ bucket: claim.bucket.toISOString(), attempt: claim.attempts });
  const leaseMs = deps.settings.lease_minutes * 60_000;
  // A long run keeps its claim: the lease is renewed at a third of its length while the evaluation runs.
  const renewal = setInterval(() => {
    renewLease(deps.pool, claim, new Date(deps.clock().getTime() + leaseMs))
      .then(
        (held) => held || log.warn('lost the claim of a running bucket: its lease lapsed and another replica took it'),
      )
      .catch((err) => log.warn({ err }, 'could not renew the lease of a running bucket'));
  }, leaseMs / 3);
  renewal.unref();
  let outcome: RunOutcome;
  try {
    log.info({ at }, 'metric run started');
    const result = await deps.evaluate({ at, grain: claim.grain });
    outcome = { status: 'succeeded', result };
  } catch (err) {
    outcome = { status: 'failed', errors: [evaluationFailure(err)] };
    const last = claim.attempts >= deps.settings.max_attempts;
    log.error(
      { err },
      last
        ? 'metric run failed on its last attempt (schedule.max_attempts); the bucket stays failed'
        : 'metric run failed; retried on a later tick',
    );
  } finally {
    clearInterval(renewal);
  }
  const recorded = await finishRun(deps.pool, claim, outcome, deps.clock());
  const errors = outcome.status === 'failed' ? outcome.errors : outcome.result.errors;
  if (!recorded) log.warn('run finished after its claim was taken over; the other replica records the bucket');
  else if (outcome.status === 'succeeded') {
    log.info(
      {
        metricsJudged: outcome.result.metricsJudged,
        anomalies: outcome.result.anomalies,
        incidents: outcome.result.incidents,
        errors: errors.length,
      },
      'metric run succeeded',
    );
  }
  return {
    bucket: claim.bucket,
    at,
    attempts: claim.attempts,
    status: recorded ? outcome.status : 'lost',
    result: outcome.result,
    errors,
  };
}

/** A rejected evaluation as a run error: its code when it has one (metric `*`: the whole run). */
export function evaluationFailure(err: unknown): EvaluationError {
  const code = (err as { code?: unknown } | null)?.code;
  return {
    metric: '*',
    code: typeof code === 'string' ? code : 'vigil_evaluation_failed',
    message: err instanceof Error ? err.message : String(err),
  };
}
