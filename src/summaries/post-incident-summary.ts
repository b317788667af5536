// The incident summary: facts -> written (LLM or template, numbers checked) -> posted in the incident channel,
// and for SEV1 and SEV2 also to the managers -> stored in digests (kind incident).
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { renderIncidentSummary } from '../blocks/render-incident-summary.ts';
import type { SlackMessage } from '../blocks/block-limits.ts';
import { catalogOf } from '../metrics/load-catalog.ts';
import { buildIncidentFacts } from './build-incident-facts.ts';
import type { IncidentSummaryFacts } from './digest-facts-schema.ts';
import { insertDigest } from './digest-store.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import { postSummaryMessage, type PostedMessage } from './post-digest.ts';
import type { SummaryWriter } from './run-digest.ts';

/** Severities whose summaries also go to the managers' channel (SEV1: down for all, SEV2: for a subset). */
export const MANAGER_SEVERITIES = new Set([1, 2]);

/** What an incident summary needs; without `client` it is only stored and logged. */
export interface IncidentSummaryDeps {
  config: Config;
  pool: pg.Pool;
  logger: Logger;
  clock: () => Date;
  write: SummaryWriter;
  client?: WebClient;
}

/** Where the summary went, and what it said. */
export interface IncidentSummaryOutcome {
  digestId: number;
  written: WrittenSummary;
  message: SlackMessage;
  posted: Array<PostedMessage & { channel: string }>;
}

/** The incident summary's facts of incident `incidentId` as of `now`, with the workspace's catalog, zone and cadence. */
export function incidentFactsAt(
  deps: Pick<IncidentSummaryDeps, 'config' | 'pool'>,
  incidentId: number,
  now: Date,
): Promise<IncidentSummaryFacts> {
  return buildIncidentFacts(
    {
      pool: deps.pool,
      catalog: catalogOf(deps.config),
      timezone: deps.config.timezone,
      now,
      updateCadence: deps.config.workspace.incidents.update_every_minutes,
    },
    incidentId,
  );
}

/** Writes the summary of incident `incidentId` and posts it; a failed post to one channel is logged and the other still gets it. */
export async function postIncidentSummary(
  deps: IncidentSummaryDeps,
  incidentId: number,
  requestedBy: string,
): Promise<IncidentSummaryOutcome> {
  const log = deps.logger.child({ incident: incidentId, summary: 'incident', requestedBy });
  const now = deps.clock();
  const facts = await incidentFactsAt(deps, incidentId, now);
  const written = await deps.write(facts);
  const message = renderIncidentSummary(facts, written);
  const i = facts.incident;
  const targets = [
    ...(i.channelId ? [i.channelId] : []),
    ...(MANAGER_SEVERITIES.has(i.severity) ? [deps.config.workspace.channels.managers] : []),
  ];
  const posted: IncidentSummaryOutcome['posted'] = [];
  if (deps.client) {
    for (const channel of targets) {
      try {
        posted.push({ channel, ...(await postSummaryMessage(deps.client, channel, message)) });
      } catch (err) {
        log.warn({ err, channel }, 'could not post the incident summary in this channel');
      }
    }
  } else {
    log.info({ text: written.text }, 'incident summary stored and logged (Slack is off, so nothing is posted)');
  }
  const first = posted[0];
  const digestId = await insertDigest(deps.pool, {
    kind: 'incident',
    periodStart: new Date(i.openedAt),
    periodEnd: i.resolvedAt ? new Date(i.resolvedAt) : now,
    incidentId: i.id,
    source: written.source,
    status: first ? 'posted' : 'draft',
    text: written.text,
    blocks: message.blocks,
    facts,
    replaced: written.replaced,
    channelId: first?.channelId ?? null,
    messageTs: first?.ts ?? null,
    postedAt: first ? now : null,
  });
  log.info(
    { digestId, source: written.source, replaced: written.replaced.length, channels: posted.map((p) => p.channel) },
    'incident summary written',
  );
  return { digestId, written, message, posted };
}

/** The IncidentService `onResolved` hook: the summary of each resolved incident, run by `detach` (or awaited without it); failures are logged. */
export function incidentSummaryOnResolve(deps: IncidentSummaryDeps, detach?: (job: () => Promise<void>) => boolean) {
  return async (incident: Incident): Promise<void> => {
    const job = async () => {
      await postIncidentSummary(deps, incident.id, 'resolve').catch((err: unknown) =>
        deps.logger.error({ err, incident: incident.id }, 'incident summary on resolve failed; run /incident summary'),
      );
    };
    if (!detach) return job();
    if (!detach(job))
      deps.logger.warn(
        { incident: incident.id },
        'too busy to write the incident summary on resolve; run /incident summary',
      );
  };
}
