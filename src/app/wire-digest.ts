// Composes the scheduled digests: a node-cron task per digest in VIGIL_TIMEZONE, each period claimed in the
// database so only one replica posts it; a replica starting shortly after a firing it missed catches up.
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { warmMetricDays } from '../summaries/cached-metric-days.ts';
import { digestPeriod } from '../summaries/digest-facts-period.ts';
import { catalogOf, selectMetrics } from '../metrics/load-catalog.ts';
import { digestCronJobs, nextDigestFire, previousDigestFire, type DigestKind } from '../summaries/digest-schedule.ts';
import { claimDigest, completeDigestClaim, releaseDigestClaim } from '../summaries/digest-claim-store.ts';
import { runDigest, type DigestDeps, type DigestOutcome } from '../summaries/run-digest.ts';
import { summaryWriterOf, type SummaryWriter } from '../summaries/summary-writer.ts';

/** A firing missed by less than this (a deploy at 09:00) runs when the bot starts; older ones are skipped. */
export const DIGEST_CATCH_UP_MS = 3 * 3_600_000;

/** What the digest schedule is built from; without `client` (Slack off) digests are logged and stored. */
export interface DigestWiringDeps {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  warehouse: pg.Pool;
  client?: WebClient;
  clock?: () => Date;
  write?: SummaryWriter;
  replica?: string;
  renderPng?: DigestDeps['renderPng'];
}

/** The scheduled digests: `start` arms them, `stop` disarms them and waits for a digest in progress. */
export interface DigestSchedule {
  start(): void;
  stop(): Promise<void>;
  /** One scheduled firing of `kind` now: claims the period and posts, or returns undefined when it was claimed already. */
  runScheduled(kind: DigestKind): Promise<DigestOutcome | undefined>;
  nextRuns(): Partial<Record<DigestKind, Date | null>>;
  /** The deps digests run with (for /digest and the review buttons). */
  digestDeps: DigestDeps;
}

/** Builds the schedule; nothing runs until `start`. */
export function wireDigest(deps: DigestWiringDeps): DigestSchedule {
  const { config } = deps;
  const settings = config.workspace.digest;
  const log = deps.logger.child({ component: 'digest' });
  const clock = deps.clock ?? (() => new Date());
  const replica = deps.replica ?? `${hostname()}:${process.pid}`;
  const digestDeps: DigestDeps = {
    config,
    pool: deps.pool,
    warehouse: deps.warehouse,
    logger: log,
    clock,
    write: deps.write ?? summaryWriterOf(config, deps.logger),
    ...(deps.client ? { client: deps.client } : {}),
    ...(deps.renderPng ? { renderPng: deps.renderPng } : {}),
  };
  const tasks = new Map<DigestKind, ScheduledTask>();
  const inFlight = new Set<Promise<unknown>>();

  const runScheduled = async (kind: DigestKind): Promise<DigestOutcome | undefined> => {
    const period = digestPeriod(kind, config.timezone, clock());
    if (!(await claimDigest(deps.pool, kind, period.start, replica))) {
      log.info(
        { kind, period: period.label },
        'digest already claimed by another replica or an earlier firing; skipped',
      );
      return undefined;
    }
    try {
      const outcome = await runDigest(digestDeps, { kind, date: period.label, mode: 'post', requestedBy: 'scheduler' });
      if (outcome.digestId !== undefined) await completeDigestClaim(deps.pool, kind, period.start, outcome.digestId);
      return outcome;
    } catch (err) {
      // Released, so a restart (within the catch-up window) or `/digest` can post it.
      await releaseDigestClaim(deps.pool, kind, period.start).catch(() => {});
      throw err;
    }
  };
  const track = (kind: DigestKind) => {
    const p = runScheduled(kind).catch((err: unknown) =>
      log.error({ err, kind }, 'scheduled digest failed; run /digest to post it by hand'),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  return {
    digestDeps,
    runScheduled,
    start() {
      const jobs = digestCronJobs(settings);
      if (jobs.length === 0) {
        log.info('scheduled digests are off (vigil.yml digest.enabled: false)');
        return;
      }
      const now = clock();
      let caughtUp = false;
      for (const { kind, expression } of jobs) {
        if (tasks.has(kind)) continue;
        const task = cron.createTask(expression, () => track(kind), {
          name: `vigil-digest-${kind}`,
          timezone: config.timezone,
          noOverlap: true,
          missedExecutionTolerance: 60_000,
        });
        void task.start();
        tasks.set(kind, task);
        const [at, day] = kind === 'daily' ? [settings.daily_at] : [settings.weekly.at, settings.weekly.day];
        const missed = previousDigestFire(now, at, config.timezone, day);
        if (now.getTime() - missed.getTime() < DIGEST_CATCH_UP_MS) {
          caughtUp = true;
          void track(kind);
        }
      }
      // The first digest after install would read five weeks of every metric; read them now, in the background.
      if (!caughtUp) {
        const began = Date.now();
        const warm = warmMetricDays(
          { pool: deps.pool, warehouse: deps.warehouse, timezone: config.timezone, now },
          selectMetrics(catalogOf(config), config.workspace.digest.scorecard),
        )
          .then((r) => log.info({ ...r, ms: Date.now() - began }, 'digest metric days kept for the next digests'))
          .catch((err: unknown) =>
            log.warn({ err }, 'could not keep digest metric days ahead of time; the next digest reads them'),
          );
        inFlight.add(warm);
        void warm.finally(() => inFlight.delete(warm));
      }
      log.info(
        { timezone: config.timezone, next: this.nextRuns(), review: settings.review.enabled },
        'digest schedule started',
      );
    },
    nextRuns() {
      const now = clock();
      const out: Partial<Record<DigestKind, Date | null>> = {};
      if (tasks.has('daily')) out.daily = nextDigestFire(now, settings.daily_at, config.timezone);
      if (tasks.has('weekly'))
        out.weekly = nextDigestFire(now, settings.weekly.at, config.timezone, settings.weekly.day);
      return out;
    },
    async stop() {
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
