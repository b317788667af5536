// The metric scheduler: a node-cron task per grain in VIGIL_TIMEZONE, one tick at a time per grain in
// this process, buckets coordinated across replicas through metric_runs.
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ScheduleSettings } from '../config/schedule-schema.ts';
import { VigilError } from '../errors.ts';
import type { Evaluate } from '../watch/evaluation-types.ts';
import { bucketEnd, type Grain } from '../metrics/grain.ts';
import { completeBuckets } from './plan-runs.ts';
import { evaluationFailure, runDueBuckets, type TickDeps, type TickReport } from './run-due-buckets.ts';

/** What the scheduler is built from; `grains` are the grains the catalog has metrics of. */
export interface SchedulerDeps {
  pool: pg.Pool;
  logger: Logger;
  timezone: string;
  evaluate: Evaluate;
  grains: Grain[];
  clock?: () => Date;
  /** Recorded on each run; default `<hostname>:<pid>`. */
  replica?: string;
  settings: ScheduleSettings;
}

/** A built scheduler: `start` arms the cron tasks, `stop` disarms them and waits for runs in progress. */
export interface Scheduler {
  start(): void;
  /** One tick of `grain` now (after the one in progress); dryRun judges the newest bucket and records nothing. */
  runNow(grain: Grain, options?: { dryRun?: boolean }): Promise<TickReport>;
  /** When each scheduled grain ticks next (null when not started). */
  nextRuns(): Partial<Record<Grain, Date | null>>;
  stop(): Promise<void>;
}

/**
 * The cron expression (with seconds) of a grain's task: every quarter hour for 15m and hour buckets,
 * every hour for days, every bucket for 1m and 5m, `delaySeconds` after the boundary. Ticks more often than the grain pick up
 * failed runs and lapsed leases; a tick with nothing due costs two small queries.
 */
export function cronExpression(grain: Grain, delaySeconds: number): string {
  const s = delaySeconds % 60;
  const m = Math.floor(delaySeconds / 60);
  if (grain === 'day') return `${s} ${m} * * * *`;
  // A tick every bucket: the delay's whole minutes past one boundary land on a later one.
  if (grain === '1m') return `${s} * * * * *`;
  if (grain === '5m') return `${s} ${Array.from({ length: 12 }, (_, q) => 5 * q + (m % 5)).join(',')} * * * *`;
  return `${s} ${[0, 15, 30, 45].map((q) => q + m).join(',')} * * * *`;
}

/** Builds the scheduler; nothing runs until `start` (or `runNow`). */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const log = deps.logger.child({ job: 'scheduler' });
  const tick: TickDeps = {
    pool: deps.pool,
    logger: deps.logger,
    timezone: deps.timezone,
    evaluate: deps.evaluate,
    settings: deps.settings,
    clock: deps.clock ?? (() => new Date()),
    replica: deps.replica ?? `${hostname()}:${process.pid}`,
  };
  const grains = [...new Set(deps.grains)];
  const tasks = new Map<Grain, ScheduledTask>();
  const inFlight = new Map<Grain, Promise<TickReport>>();
  let stopped = false;

  const run = (grain: Grain, work: () => Promise<TickReport>): Promise<TickReport> => {
    const p = work().finally(() => {
      if (inFlight.get(grain) === p) inFlight.delete(grain);
    });
    inFlight.set(grain, p);
    return p;
  };

  const onCron = (grain: Grain): Promise<unknown> | undefined => {
    // node-cron's noOverlap covers its own ticks; this also covers a runNow in progress.
    if (inFlight.has(grain)) {
      log.info({ grain }, 'previous tick of this grain still running; this one is skipped');
      return undefined;
    }
    return run(grain, () => runDueBuckets(tick, grain));
  };

  const scheduler: Scheduler = {
    start() {
      if (stopped) throw stoppedError();
      if (!deps.settings.enabled) {
        log.info('scheduled metric runs are off (vigil.yml schedule.enabled: false)');
        return;
      }
      for (const grain of grains) {
        if (tasks.has(grain)) continue;
        const task = cron.createTask(cronExpression(grain, deps.settings.delay_seconds), () => onCron(grain), {
          name: `vigil-metric-runs-${grain}`,
          timezone: deps.timezone,
          noOverlap: true,
          // A tick held up by a busy event loop still runs if it is less than a minute late.
          missedExecutionTolerance: 60_000,
          logger: cronLogger(log.child({ grain })),
        });
        void task.start();
        tasks.set(grain, task);
      }
      log.info({ grains, timezone: deps.timezone, next: scheduler.nextRuns() }, 'scheduler started');
    },

    async runNow(grain, options = {}) {
      if (stopped) throw stoppedError();
      if (options.dryRun) return dryRun(tick, grain);
      for (let current = inFlight.get(grain); current; current = inFlight.get(grain)) await current;
      // stop() came while this one queued behind a tick in progress.
      if (stopped) throw stoppedError();
      return run(grain, () => runDueBuckets(tick, grain));
    },

    nextRuns() {
      return Object.fromEntries([...tasks].map(([grain, task]) => [grain, task.getNextRun()]));
    },

    async stop() {
      stopped = true;
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
      await Promise.allSettled([...inFlight.values()]);
      log.info('scheduler stopped');
    },
  };
  return scheduler;
}

function stoppedError(): VigilError {
  return new VigilError(
    'vigil_scheduler_stopped',
    'The scheduler was stopped.',
    'Build a new scheduler with createScheduler.',
  );
}

// Judges the newest complete bucket as a run would, without claiming or recording anything.
async function dryRun(deps: TickDeps, grain: Grain): Promise<TickReport> {
  const bucket = new Date(completeBuckets(grain, deps.timezone, deps.clock(), 1)[0]!);
  const at = new Date(bucketEnd(bucket.getTime(), grain, deps.timezone));
  try {
    const result = await deps.evaluate({ at, grain, dryRun: true });
    return {
      grain,
      skipped: null,
      runs: [{ bucket, at, attempts: 0, status: 'succeeded', result, errors: result.errors }],
    };
  } catch (err) {
    return {
      grain,
      skipped: null,
      runs: [{ bucket, at, attempts: 0, status: 'failed', errors: [evaluationFailure(err)] }],
    };
  }
}

// node-cron's own messages (a missed tick, a task error) go to our log rather than the console.
function cronLogger(log: Logger) {
  return {
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error) => log.debug(String(message)),
  };
}
