// Composes the Slack side: the Web API client, the incident service, the narrow services the commands get, the Bolt app.
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import { catalogOf } from '../metrics/load-catalog.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { Health } from '../http/check-health.ts';
import { IncidentService } from '../incidents/incident-service.ts';
import { durationMs } from '../detect/judge-spec.ts';
import { repairTiming } from '../incidents/setup-timing.ts';
import {
  buildSlackApp,
  createSlackClient,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type SlackApp,
} from '../slack/build-slack-app.ts';
import { loadCommands } from '../slack/load-commands.ts';
import type { Services } from '../slack/services.ts';
import { userGroupLookup } from '../slack/user-groups.ts';
import { authorizer } from '../slack/authorize.ts';
import { onCallBy } from '../oncall/oncall-store.ts';
import { calendarRota } from '../oncall/calendar-rota.ts';
import { ackTimeoutMinutes } from '../escalation/next-escalation-step.ts';
import { startEscalationTimer } from '../escalation/escalation-timer.ts';
import type { EscalationDeps } from '../escalation/run-escalations.ts';
import { pageSecondary } from '../escalation/page-on-call.ts';
import { createIncidentPaging, escalatedReason } from '../paging/create-incident-paging.ts';
import { pagingProvidersOf } from '../paging/paging-providers-of.ts';
import { createPlaybookService } from '../playbooks/create-playbook-service.ts';
import { incidentContextOf } from '../playbooks/incident-context.ts';
import { createFollowUpQueue } from '../slack/follow-up-queue.ts';
import { registerDigestReview } from '../slack/register-digest-review.ts';
import { appHomeOf, type AppHome } from '../slack/publish-app-home.ts';
import { incidentSummaryOnResolve } from '../summaries/post-incident-summary.ts';
import { summaryWriterOf } from '../summaries/summary-writer.ts';
import { commandServicesOf } from './command-services.ts';

// Playbook runs at once and waiting; beyond that /investigate says vigil is busy. A run takes seconds.
const DETACHED_LIMITS = { concurrency: 2, maxPending: 20 };

/** Everything the Slack side is built from. */
export interface SlackWiringDeps {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  /** The warehouse playbooks and /metrics read (WAREHOUSE_URL's pool); the bot's own pool when not given. */
  warehouse?: pg.Pool;
  health: () => Promise<Health>;
  clock?: () => Date;
  /** Where the playbook files are (default: the playbooks shipped with vigil). */
  playbooksDir?: string;
}

/** Builds the services and the Bolt app (not connected). */
export async function wireSlack(deps: SlackWiringDeps): Promise<{
  slack: SlackApp;
  services: Services;
  client: WebClient;
  home: AppHome;
  startTimers: () => () => Promise<void>;
}> {
  const { config, logger, pool } = deps;
  const clock = deps.clock ?? (() => new Date());
  const client = createSlackClient(config, logger);
  const catalog = catalogOf(config);
  const warehouse = deps.warehouse ?? pool;
  const playbooks = createPlaybookService({
    pool,
    warehouse,
    config,
    logger: logger.child({ component: 'playbooks' }),
    clock,
    ...(deps.playbooksDir ? { dir: deps.playbooksDir } : {}),
    // A run for an incident ends in its conclusion: the card's likely cause becomes it (the card is refreshed).
    onConclusion: async (incidentId, cause) => {
      const incident = await incidents.get(incidentId);
      if (!incident.evidence) return;
      await incidents.updateEvidence(incidentId, { ...incident.evidence, likelyCause: cause });
    },
  });
  // The rota in force: vigil.yml's, or the iCalendar feed's (oncall.ical_url), read and cached here.
  const rotaInForce = calendarRota({
    oncall: config.workspace.oncall,
    timezone: config.timezone,
    logger: logger.child({ component: 'oncall' }),
    clock,
  });
  const escalation: EscalationDeps = {
    pool,
    client,
    logger: logger.child({ component: 'escalation' }),
    config,
    clock,
    onCallNow: async (now) => onCallBy(pool, await rotaInForce(now), now, config.timezone),
  };
  const detached = createFollowUpQueue({
    ...DETACHED_LIMITS,
    onError: (err) => logger.error({ err }, 'detached Slack work failed'),
  });
  // Tagged so a drain counts them (untagged jobs are not reported).
  const detach = (job: () => Promise<void>) => detached.push(job, 'detached');
  const write = summaryWriterOf(config, logger);
  // Set once the services exist; an incident that changes before then has no Home tab to refresh.
  const late: { home?: AppHome } = {};
  const incidents = new IncidentService({
    pool,
    client,
    logger: logger.child({ component: 'incidents' }),
    clock,
    timezone: config.timezone,
    alertsChannel: config.workspace.channels.alerts,
    privateChannels: config.workspace.incidents.private_channels,
    updateCadence: config.workspace.incidents.update_every_minutes,
    reopenWithinMs: durationMs(config.workspace.incidents.reopen_within),
    // The person on call now and the metric's owner (when a member, not a group) join every new incident channel.
    responders: async (incident) => {
      const now = await onCallBy(pool, await rotaInForce(clock()), clock(), config.timezone);
      const owner = /^<?@?([UW][A-Z0-9]{2,})>?$/.exec(
        catalog.find((m) => m.id === incident.metricId)?.owner ?? '',
      )?.[1];
      return [now.primary?.userId, owner].filter((u): u is string => u !== undefined);
    },
    // The card names the playbooks the Run playbook button offers: the catalog's, then those listing the metric,
    // keeping only those that can run for the incident's slice (parameters fill, a dimension left to drill into).
    playbooksFor: (incident) => playbooks.runnableFor(incidentContextOf(incident, catalog)),
    onEscalated: async (incident, actor, reason) => {
      await pageSecondary(escalation, incident, escalatedReason(actor, reason), clock());
    },
    // SEV1/2 page the primary at once; PagerDuty and Opsgenie (when configured) are told off the request path.
    paging: createIncidentPaging({
      slack: escalation,
      pool,
      logger: logger.child({ component: 'paging' }),
      clock,
      providers: pagingProvidersOf(config),
      say: (incident, text): Promise<void> => incidents.say(incident, text),
      defer: (job) => detach(job),
    }),
    // The incident summary is written and posted after the resolve, off the request path.
    onResolved: incidentSummaryOnResolve(
      { config, pool, logger: logger.child({ component: 'summaries' }), clock, write, client },
      (job) => detach(job),
    ),
    repair: repairTiming(config.workspace.incidents.repair),
    // The Home tabs of the people an incident concerns are republished shortly after it changes.
    onChanged: (_incident, people) => late.home?.refreshSoon(people),
    firstEscalationDue: ({ severity, openedAt }) =>
      new Date(openedAt.getTime() + ackTimeoutMinutes(config.workspace.escalation, severity) * 60_000),
  });
  const roles = config.workspace.roles;
  const groupsNeeded = () => [...roles.admin, ...roles.manager, ...roles.responder].some((m) => m.startsWith('S'));
  const userGroups = userGroupLookup(client, groupsNeeded, clock);
  const authorize = authorizer(pool, roles, userGroups);
  const stores = commandServicesOf({ config, pool, warehouse, clock, userGroups, rotaInForce });
  const services: Services = {
    config,
    incidents,
    ...stores,
    health: deps.health,
    clock,
    userGroups,
    authorize,
    playbooks,
    client,
    warehouse,
    detach,
  };
  const home = (late.home = appHomeOf(services, client, logger));
  const built = buildSlackApp({ config, logger, services, commands: await loadCommands(), home });
  registerDigestReview(built.app, {
    digest: { config, pool, warehouse, logger: logger.child({ component: 'digest' }), clock, write, client },
    mayPost: stores.digests.mayPost,
    logger,
  });
  const slack: SlackApp = {
    ...built,
    // Playbook runs and summaries still going finish (each step has its own timeout) before the database closes,
    // within the same grace period as the commands that started them.
    async stop(deadline = Date.now() + DEFAULT_SHUTDOWN_GRACE_MS) {
      await built.stop(deadline);
      home.stop();
      const left = await detached.drain(deadline);
      if (left.neverStarted.length + left.stillRunning.length > 0) {
        logger.warn(
          { neverStarted: left.neverStarted.length, stillRunning: left.stillRunning.length },
          'stopped with playbook runs or summaries unfinished',
        );
      }
    },
  };
  return {
    slack,
    services,
    client,
    home,
    startTimers: () =>
      startEscalationTimer(escalation, config.workspace.incidents.repair.check_every_seconds * 1000, (now) =>
        incidents.repairDue(now),
      ),
  };
}
