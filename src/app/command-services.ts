// The narrow services commands get, each over its store and the bot's pool: the pool stays in the composition root.
import type pg from 'pg';
import type { Config } from '../config/load-config.ts';
import { audit, countOpenIncidents } from '../incidents/incident-store.ts';
import { activeOverrides, addOverride } from '../oncall/oncall-store.ts';
import type { RotaInForce } from '../oncall/calendar-rota.ts';
import { readRunHistory } from '../scheduler/run-history.ts';
import { recordDeliveries } from '../slack/record-deliveries.ts';
import type { Services } from '../slack/services.ts';
import { addAction, completeAction, openActionsOwnedBy } from '../summaries/actions-store.ts';
import { latestPostedDigest } from '../summaries/digest-store.ts';
import { digestPermission } from '../summaries/post-digest-permission.ts';
import { postIncidentSummary } from '../summaries/post-incident-summary.ts';
import { runDigest } from '../summaries/run-digest.ts';
import { summaryWriterOf } from '../summaries/summary-writer.ts';
import { writePostmortem } from '../summaries/write-postmortem.ts';
import { activeMutes, muteMetric, unmuteMetric } from '../watch/metric-mutes.ts';

/** What the command services are built from; `warehouse` defaults to the bot's pool. */
export interface CommandServiceDeps {
  config: Config;
  pool: pg.Pool;
  warehouse?: pg.Pool;
  clock: () => Date;
  userGroups: (userId: string) => Promise<string[]>;
  /** The rota in force (the iCalendar rota when configured); default: vigil.yml's rotation. */
  rotaInForce?: (now: Date) => Promise<RotaInForce>;
}

/** The store-backed services of Services (all but incidents, playbooks and the Slack client). */
export type CommandServices = Pick<
  Services,
  'actions' | 'oncall' | 'mutes' | 'audit' | 'status' | 'digests' | 'summaries' | 'firstDelivery' | 'home'
>;

/** Builds the store-backed services over `pool`. */
export function commandServicesOf(deps: CommandServiceDeps): CommandServices {
  const { config, pool, clock } = deps;
  const warehouse = deps.warehouse ?? pool;
  return {
    home: {
      openActionsOf: (userId) => openActionsOwnedBy(pool, userId),
      latestDigest: () => latestPostedDigest(pool),
    },
    actions: {
      add: (input) => addAction(pool, input, clock()),
      complete: (id) => completeAction(pool, id, clock()),
    },
    oncall: {
      inForce: (now) =>
        deps.rotaInForce?.(now) ??
        Promise.resolve({ source: 'vigil.yml', rota: config.workspace.oncall.rotation, shifts: [] }),
      activeOverrides: (now) => activeOverrides(pool, now),
      addOverride: (override) => addOverride(pool, override),
    },
    mutes: {
      active: (now) => activeMutes(pool, now),
      mute: (mute) => muteMetric(pool, mute),
      unmute: (metricId) => unmuteMetric(pool, metricId),
    },
    audit: { record: (actor, action, target, detail) => audit(pool, actor, action, target, detail) },
    status: {
      openIncidents: () => countOpenIncidents(pool),
      runHistory: () => readRunHistory(pool),
    },
    digests: {
      mayPost: digestPermission(pool, config.workspace.roles, deps.userGroups),
      run: (req, { logger, client }) =>
        runDigest(
          {
            config,
            pool,
            warehouse,
            logger,
            clock,
            write: summaryWriterOf(config, logger),
            ...(client ? { client } : {}),
          },
          req,
        ),
    },
    summaries: {
      postIncidentSummary: (incidentId, requestedBy, { logger, client }) =>
        postIncidentSummary(
          { config, pool, clock, logger, write: summaryWriterOf(config, logger), ...(client ? { client } : {}) },
          incidentId,
          requestedBy,
        ),
      writePostmortem: (incidentId, requestedBy, { logger, client }) =>
        writePostmortem(
          { config, pool, clock, logger, write: summaryWriterOf(config, logger), ...(client ? { client } : {}) },
          incidentId,
          requestedBy,
        ),
    },
    firstDelivery: recordDeliveries(pool),
  };
}
