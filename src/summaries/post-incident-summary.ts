// The incident summary: facts -> written (LLM or template, numbers checked) -> posted in the incident channel,
// and for SEV1 and SEV2 also to the managers -> stored in digests (kind incident), one message per channel: a second
// summary of the incident updates the messages of the first in place.
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
import type { PostedMessage } from './post-digest.ts';
import { postOnce, type PostDelivery } from './post-once.ts';
import type { SummaryWriter } from './summary-writer.ts';

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
  /** Each channel's message: posted, updated in place (a summary posted before), or posted anew (it was deleted). */
  posted: Array<PostedMessage & { channel: string; delivery: PostDelivery }>;
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
  const row = {
    kind: 'incident' as const,
    periodStart: new Date(i.openedAt),
    periodEnd: i.resolvedAt ? new Date(i.resolvedAt) : now,
    incidentId: i.id,
    source: written.source,
    text: written.text,
    blocks: message.blocks,
    facts,
    replaced: written.replaced,
  };
  const posted: IncidentSummaryOutcome['posted'] = [];
  let digestId: number | undefined;
  if (deps.client) {
    const once = { pool: deps.pool, client: deps.client, clock: deps.clock };
    for (const channel of targets) {
      try {
        const r = await postOnce(once, { ...row, destination: channel }, message);
        digestId ??= r.digestId;
        if (r.at) posted.push({ channel, ...r.at, delivery: r.delivery });
      } catch (err) {
        log.warn({ err, channel }, 'could not post the incident summary in this channel');
      }
    }
  } else {
    log.info({ text: written.text }, 'incident summary stored and logged (Slack is off, so nothing is posted)');
  }
  digestId ??= await insertDigest(deps.pool, { ...row, status: 'draft' });
  log.info(
    {
      digestId,
      source: written.source,
      replaced: written.replaced.length,
      channels: posted.map((p) => `${p.channel} (${p.delivery})`),
    },
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
