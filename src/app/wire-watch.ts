// Composes metric watching: the evaluator (catalog -> warehouse -> detectors -> incidents) and the
// scheduler that runs it per grain, coordinated with other replicas through the database.
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import { post } from '../incidents/incident-slack.ts';
import { createScheduler } from '../scheduler/create-scheduler.ts';
import { incidentChartAttacher } from '../watch/attach-incident-chart.ts';
import { createEvaluator } from '../watch/create-evaluator.ts';
import type { Grain } from '../metrics/grain.ts';
import { catalogOf } from '../metrics/load-catalog.ts';

/** What watching is built from; `client` is absent when Slack is off (incidents then have silentNotifier, notices are logged). */
export interface WatchWiringDeps {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  warehouse: pg.Pool;
  /** The one incident service of this process (incidentServiceWithoutSlack when Slack is off). */
  incidents: IncidentService;
  client?: WebClient;
  clock?: () => Date;
}

/** The scheduler, ready to start, over an evaluator of the catalog in force. */
export function wireWatch(deps: WatchWiringDeps) {
  const { config, logger, client, incidents } = deps;
  const catalog = catalogOf(config);
  const log = logger.child({ component: 'watch' });
  const alerts = config.workspace.channels.alerts;
  const evaluate = createEvaluator({
    pool: deps.pool,
    warehouse: deps.warehouse,
    logger: log,
    timezone: config.timezone,
    catalog,
    incidents,
    notify: client
      ? async (text) => {
          await post(client, alerts, { text });
        }
      : async (text) => {
          log.info({ notice: text }, 'alert (Slack is off, so it is only logged)');
        },
    attachChart: client
      ? incidentChartAttacher({ warehouse: deps.warehouse, client, incidents, timezone: config.timezone })
      : undefined,
  });
  const grains = [...new Set(catalog.map((m) => m.grain))] as Grain[];
  const scheduler = createScheduler({
    pool: deps.pool,
    logger: log,
    timezone: config.timezone,
    evaluate,
    grains,
    settings: config.workspace.schedule,
    clock: deps.clock,
  });
  return {
    ...scheduler,
    /** One evaluation, as the scheduler runs it (the demo replay walks past buckets with it). */
    evaluate,
    /** Arms the cron tasks and catches up at once, rather than at the first tick up to 15 minutes later. */
    start() {
      scheduler.start();
      if (!config.workspace.schedule.enabled) return;
      for (const grain of grains) {
        scheduler
          .runNow(grain)
          .catch((err: unknown) => log.warn({ err, grain }, 'catch-up run at start failed; the next tick retries'));
      }
    },
  };
}
